package dev.meshguard.agent;

import dev.meshguard.hooks.TargetMethod;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inliner on real class files: each woven class is defined in its own class loader, so the JVM's verifier checks
 * every frame the inliner wrote, and then run.
 */
class AdviceInlinerTest {
    private static final String TARGET = InlinerTargets.class.getName();

    @Test
    void anEnterAdviceReadsTheReceiverAFieldAndArgumentsAndReplacesAnArgument() throws Exception {
        Class<?> woven = weave(TargetMethod.named("greet"), InlinerAdvice.Greet.class);
        Object target = newTarget(woven, "hello");
        Method greet = method(woven, "greet", String.class, long.class);
        assertEquals("hello ann;", greet.invoke(target, "ann", 1L));
        assertSame(target, InlinerSeen.self);
        assertEquals("hello", InlinerSeen.field);
        assertEquals("hello BOB;hello BOB;", greet.invoke(target, "bob", 2L), "a writable argument is replaced");
    }

    @Test
    void aSkippingAdviceReturnsAtOnceWithTrueOrNothing() throws Exception {
        Class<?> handle = weave(TargetMethod.named("handle").takesArguments(1), InlinerAdvice.Handle.class);
        Method m = method(handle, "handle", Object.class);
        Object target = newTarget(handle, "x");
        assertEquals(true, m.invoke(target, (Object) null), "skipped, and the method would have thrown");
        assertEquals(false, m.invoke(target, "not 42"));

        Class<?> run = weave(TargetMethod.named("run").isStatic(), InlinerAdvice.Run.class);
        Method r = method(run, "run", int[].class);
        int[] counter = {0, 0};
        r.invoke(null, (Object) counter);
        assertArrayEquals(new int[] {1, 0}, counter);
        counter[1] = -1;
        r.invoke(null, (Object) counter);
        assertArrayEquals(new int[] {1, -1}, counter, "skipped");
        int[] shortOne = {5};
        r.invoke(null, (Object) shortOne);
        assertArrayEquals(new int[] {5}, shortOne, "the advice's own catch ran, and skipped");
    }

    @Test
    void anExitAdviceChangesWhatIsReturnedOfEveryType() throws Exception {
        Method ratio = method(weave(TargetMethod.named("ratio"), InlinerAdvice.Ratio.class), "ratio", int.class);
        assertEquals(1.5, ratio.invoke(null, 3));
        assertEquals(1.5, ratio.invoke(null, -3), "a double, two slots");

        Method parse = method(weave(TargetMethod.named("parse"), InlinerAdvice.Parse.class), "parse", String.class);
        assertEquals(12, parse.invoke(null, "12"));
        assertEquals(-1, parse.invoke(null, "twelve"), "the catch's return, in the method's own handler");
        assertEquals(-2, parse.invoke(null, (Object) null), "the return after the try block's call");

        Method twice = method(weave(TargetMethod.named("twice"), InlinerAdvice.Twice.class), "twice", long.class);
        assertEquals(10L, twice.invoke(null, 5L));
        assertEquals(10L, InlinerSeen.field);
    }

    @Test
    void enterAndExitAdviceGoAroundAMethodWhoseFirstInstructionIsABranchTarget() throws Exception {
        Method countDown = method(weave(TargetMethod.named("countDown"), InlinerAdvice.CountDown.class),
                "countDown", int.class);
        int before = InlinerSeen.calls;
        assertEquals(107, countDown.invoke(null, 3));
        assertEquals(before + 1, InlinerSeen.calls);
    }

    @Test
    void aClassWithoutTheMethodIsLeftAlone() throws Exception {
        List<AdviceInliner.Binding> used = new ArrayList<>();
        assertNull(AdviceInliner.inline(classFile(TARGET), bindings(TargetMethod.named("absent"),
                InlinerAdvice.Ratio.class), used));
        assertTrue(used.isEmpty());
        assertNull(AdviceInliner.inline(classFile(TARGET), bindings(TargetMethod.named("ratio").takesArguments(2),
                InlinerAdvice.Ratio.class), used));
    }

    @Test
    void refusesAdviceItCannotCopySafely() {
        for (Class<?> advice : Arrays.asList(InlinerAdvice.CallsItself.class, InlinerAdvice.UsesLambda.class,
                InlinerAdvice.ExitCatches.class, InlinerAdvice.Unmarked.class, InlinerAdvice.UsesNestedClass.class)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AdviceMethod.read(classFile(advice.getName())), advice.getSimpleName());
            assertTrue(e.getMessage().contains(advice.getSimpleName()), e.getMessage());
        }
    }

    @Test
    void refusesAdviceThatDoesNotFitItsTarget() {
        assertThrows(IllegalArgumentException.class,
                () -> weave(TargetMethod.named("handle"), InlinerAdvice.NoSuchArgument.class));
        assertThrows(IllegalArgumentException.class,
                () -> weave(TargetMethod.named("greet"), InlinerAdvice.WidensWritable.class),
                "an Object written back into a String argument");
        assertThrows(IllegalArgumentException.class,
                () -> weave(TargetMethod.named("run"), InlinerAdvice.Ratio.class), "a void method has no return");
        assertThrows(IllegalArgumentException.class,
                () -> weave(TargetMethod.named("ratio"), InlinerAdvice.ReadsField.class), "a static method has no this");
    }

    /** javac never returns inside a try block, but other compilers and other agents' rewrites may. */
    @Test
    void refusesAnExitAdviceForAMethodThatReturnsInsideATryBlock() throws Exception {
        byte[] returnsInTry = returnsInsideTry("dev/meshguard/agent/ReturnsInTry");
        Method parse = method(define("dev.meshguard.agent.ReturnsInTry", returnsInTry), "parse", String.class);
        assertEquals(-1, parse.invoke(null, "x"), "the generated class itself is valid");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdviceInliner.inline(
                returnsInTry, bindings(TargetMethod.named("parse"), InlinerAdvice.AfterParse.class),
                new ArrayList<AdviceInliner.Binding>()));
        assertTrue(e.getMessage().contains("inside a try block"), e.getMessage());
    }

    /** {@code static int parse(String s)}: {@code Integer.parseInt(s)} and its {@code ireturn} both in the try range. */
    private static byte[] returnsInsideTry(String name) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V1_8, Opcodes.ACC_FINAL, name, null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_STATIC, "parse", "(Ljava/lang/String;)I", null, null);
        Label start = new Label();
        Label handler = new Label();
        m.visitCode();
        m.visitTryCatchBlock(start, handler, handler, "java/lang/NumberFormatException");
        m.visitLabel(start);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "parseInt", "(Ljava/lang/String;)I", false);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(handler);
        m.visitFrame(Opcodes.F_FULL, 1, new Object[] {"java/lang/String"}, 1,
                new Object[] {"java/lang/NumberFormatException"});
        m.visitInsn(Opcodes.POP);
        m.visitInsn(Opcodes.ICONST_M1);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(1, 1);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    private static Class<?> weave(TargetMethod methods, Class<?> advice) throws Exception {
        byte[] woven = AdviceInliner.inline(classFile(TARGET), bindings(methods, advice),
                new ArrayList<AdviceInliner.Binding>());
        return define(TARGET, woven);
    }

    private static List<AdviceInliner.Binding> bindings(TargetMethod methods, Class<?> advice) throws IOException {
        return Collections.singletonList(new AdviceInliner.Binding("test", methods,
                AdviceMethod.read(classFile(advice.getName()))));
    }

    private static Object newTarget(Class<?> woven, String name) throws Exception {
        java.lang.reflect.Constructor<?> c = woven.getDeclaredConstructor(String.class);
        c.setAccessible(true);
        return c.newInstance(name);
    }

    private static Method method(Class<?> c, String name, Class<?>... parameters) throws Exception {
        Method m = c.getDeclaredMethod(name, parameters);
        m.setAccessible(true);
        return m;
    }

    static byte[] classFile(String className) throws IOException {
        try (InputStream in = AdviceInlinerTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the woven class in a child loader; the advice's other references resolve through the test's loader. */
    private static Class<?> define(final String name, final byte[] bytes) throws ClassNotFoundException {
        ClassLoader loader = new ClassLoader(AdviceInlinerTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (!n.equals(name)) {
                    return super.loadClass(n, resolve);
                }
                synchronized (getClassLoadingLock(n)) {
                    Class<?> c = findLoadedClass(n);
                    return c != null ? c : defineClass(n, bytes, 0, bytes.length);
                }
            }
        };
        return Class.forName(name, true, loader);
    }
}
