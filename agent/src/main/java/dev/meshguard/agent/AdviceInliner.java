package dev.meshguard.agent;

import dev.meshguard.hooks.TargetMethod;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies advice methods into the methods of one class file that they target, with ASM. An enter advice runs before
 * the method's first instruction and an exit advice before each of its return instructions; the advice's locals live
 * in new slots after the method's own, and its stack map frames are rewritten to keep the method's arguments (enter)
 * or to forget the method's locals, which the few instructions left before the return do not read (exit). The class
 * keeps its shape: no field, method or helper type is added, so a loaded class may be retransformed.
 */
final class AdviceInliner {

    /** The advice methods for the methods that one {@link TargetMethod} selects. */
    static final class Binding {
        final String hook;
        final TargetMethod methods;
        final List<AdviceMethod> advice;

        Binding(String hook, TargetMethod methods, List<AdviceMethod> advice) {
            this.hook = hook;
            this.methods = methods;
            this.advice = advice;
        }
    }

    private AdviceInliner() {
    }

    /**
     * Returns the class file with the advice inlined, or null when no method matches, and adds to {@code used} the
     * bindings that matched. Throws {@link IllegalArgumentException} when an advice does not fit the method it targets.
     */
    static byte[] inline(byte[] classFile, final List<Binding> bindings, final List<Binding> used) {
        ClassReader reader = new ClassReader(classFile);
        final Map<String, Survey> surveys = new HashMap<>();
        final Map<String, List<AdviceMethod>> byMethod = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || name.startsWith("<")) {
                    return null;
                }
                List<AdviceMethod> advice = new ArrayList<>();
                for (Binding b : bindings) {
                    if (matches(b.methods, access, name, descriptor)) {
                        advice.addAll(b.advice);
                        if (!used.contains(b)) {
                            used.add(b);
                        }
                    }
                }
                if (advice.isEmpty()) {
                    return null;
                }
                byMethod.put(name + descriptor, advice);
                Survey survey = new Survey();
                surveys.put(name + descriptor, survey);
                return survey;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (byMethod.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Weaving(writer, byMethod, surveys), ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    private static boolean matches(TargetMethod methods, int access, String name, String descriptor) {
        if (!methods.name().equals(name)) {
            return false;
        }
        List<String> arguments = new ArrayList<>();
        for (Type t : Type.getArgumentTypes(descriptor)) {
            arguments.add(t.getClassName());
        }
        return methods.matches((access & Opcodes.ACC_STATIC) != 0, name, arguments,
                Type.getReturnType(descriptor).getClassName());
    }

    /**
     * What a first pass learns of a selected method: its number of local slots, and whether a return instruction lies
     * inside a try block (javac never puts one there), where an exit advice would run under the method's handler.
     */
    static final class Survey extends MethodVisitor {
        private final Map<Label, Integer> opening = new HashMap<>();
        private int open;
        int maxLocals;
        boolean returnsInsideTry;

        Survey() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            count(start, 1);
            count(end, -1);
        }

        @Override
        public void visitLabel(Label label) {
            Integer change = opening.get(label);
            open += change == null ? 0 : change;
        }

        @Override
        public void visitInsn(int opcode) {
            returnsInsideTry |= open > 0 && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN;
        }

        @Override
        public void visitMaxs(int stack, int locals) {
            maxLocals = locals;
        }

        private void count(Label label, int change) {
            Integer before = opening.get(label);
            opening.put(label, (before == null ? 0 : before) + change);
        }
    }

    /** Passes the class through, advising the selected methods. */
    private static final class Weaving extends ClassVisitor {
        private final Map<String, List<AdviceMethod>> byMethod;
        private final Map<String, Survey> surveys;
        private final Map<String, String> fields = new HashMap<>();
        private String owner;
        private boolean frames;

        Weaving(ClassVisitor next, Map<String, List<AdviceMethod>> byMethod, Map<String, Survey> surveys) {
            super(Opcodes.ASM9, next);
            this.byMethod = byMethod;
            this.surveys = surveys;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            owner = name;
            frames = (version & 0xFFFF) >= Opcodes.V1_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if ((access & Opcodes.ACC_STATIC) == 0) {
                fields.put(name, descriptor);
            }
            return super.visitField(access, name, descriptor, signature, value);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            List<AdviceMethod> advice = byMethod.get(name + descriptor);
            if (advice == null) {
                return next;
            }
            AdvisedMethod.Target target = new AdvisedMethod.Target(owner, access, name, descriptor,
                    surveys.get(name + descriptor), fields, frames);
            return new AdvisedMethod(next, target, advice);
        }
    }
}
