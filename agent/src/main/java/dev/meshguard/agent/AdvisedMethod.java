package dev.meshguard.agent;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One target method on its way through the writer: its enter advice goes in first, its exit advice before returns. */
final class AdvisedMethod extends MethodVisitor {

    /** What the inliner needs to know of the target method and its class. */
    static final class Target {
        final String owner;
        final boolean isStatic;
        final String name;
        final Type[] arguments;
        final int[] argumentSlots;
        final Type returned;
        final int maxLocals;
        final boolean returnsInsideTry;
        final Map<String, String> fields;
        final boolean frames;
        final Object[] initialLocals;

        Target(String owner, int access, String name, String descriptor, AdviceInliner.Survey survey,
               Map<String, String> fields, boolean frames) {
            this.owner = owner;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.name = name;
            this.arguments = Type.getArgumentTypes(descriptor);
            this.returned = Type.getReturnType(descriptor);
            this.maxLocals = survey.maxLocals;
            this.returnsInsideTry = survey.returnsInsideTry;
            this.fields = fields;
            this.frames = frames;
            this.argumentSlots = new int[arguments.length];
            List<Object> locals = new ArrayList<>();
            int slot = 0;
            if (!isStatic) {
                locals.add(owner);
                slot = 1;
            }
            for (int i = 0; i < arguments.length; i++) {
                argumentSlots[i] = slot;
                slot += arguments[i].getSize();
                locals.add(frameType(arguments[i]));
            }
            this.initialLocals = locals.toArray();
        }
    }

    private final Target target;
    private final List<AdviceMethod> enters = new ArrayList<>();
    private final List<AdviceMethod> exits = new ArrayList<>();
    private int extraStack;
    private int extraLocals;

    AdvisedMethod(MethodVisitor next, Target target, List<AdviceMethod> advice) {
        super(Opcodes.ASM9, next);
        this.target = target;
        for (AdviceMethod a : advice) {
            check(a);
            (a.enter ? enters : exits).add(a);
        }
    }

    @Override
    public void visitCode() {
        super.visitCode();
        for (AdviceMethod a : enters) {
            enter(a);
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            for (AdviceMethod a : exits) {
                exit(a);
            }
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + extraStack, Math.max(maxLocals, target.maxLocals + extraLocals));
    }

    private void enter(AdviceMethod a) {
        int base = target.maxLocals;
        load(a, base);
        Object[] prefix = pad(target.initialLocals, base);
        copy(a, base, prefix);
        frame(concat(prefix, parameterTypes(a)), a.skipOnTrue ? new Object[] {Opcodes.INTEGER} : new Object[0]);
        for (AdviceMethod.Parameter p : a.parameters) {
            if (p.writable) {
                mv.visitVarInsn(p.type.getOpcode(Opcodes.ILOAD), base + p.slot);
                mv.visitVarInsn(target.arguments[p.index].getOpcode(Opcodes.ISTORE), target.argumentSlots[p.index]);
            }
        }
        if (a.skipOnTrue) {
            Label proceed = new Label();
            mv.visitJumpInsn(Opcodes.IFEQ, proceed);
            returnAtOnce(a.skippedReturnsTrue);
            mv.visitLabel(proceed);
            frame(target.initialLocals, new Object[0]);
        }
        mv.visitInsn(Opcodes.NOP); // keeps the frames above apart from one the method may have at its first instruction
        extraLocals = Math.max(extraLocals, a.maxLocals);
        extraStack = Math.max(extraStack, a.maxStack + 2);
    }

    private void exit(AdviceMethod a) {
        int size = target.returned.getSize();
        int result = target.maxLocals;
        int base = result + size;
        Object[] prefix = pad(new Object[0], result);
        mv.visitInsn(Opcodes.NOP); // keeps the advice's first frame apart from one the method may have at its return
        if (size > 0) {
            mv.visitVarInsn(target.returned.getOpcode(Opcodes.ISTORE), result);
            prefix = concat(prefix, new Object[] {frameType(target.returned)});
        }
        load(a, base);
        copy(a, base, prefix);
        frame(concat(prefix, parameterTypes(a)), new Object[0]);
        if (size > 0) {
            int from = result;
            for (AdviceMethod.Parameter p : a.parameters) {
                if (p.source == AdviceMethod.Source.RETURN && p.writable) {
                    from = base + p.slot;
                }
            }
            mv.visitVarInsn(target.returned.getOpcode(Opcodes.ILOAD), from);
        }
        extraLocals = Math.max(extraLocals, size + a.maxLocals);
        extraStack = Math.max(extraStack, a.maxStack + 2);
    }

    /** Stores what each advice parameter reads into the advice's slots, which start at {@code base}. */
    private void load(AdviceMethod a, int base) {
        for (AdviceMethod.Parameter p : a.parameters) {
            switch (p.source) {
                case THIS:
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    break;
                case ARGUMENT:
                    mv.visitVarInsn(target.arguments[p.index].getOpcode(Opcodes.ILOAD), target.argumentSlots[p.index]);
                    break;
                case RETURN:
                    mv.visitVarInsn(target.returned.getOpcode(Opcodes.ILOAD), target.maxLocals);
                    break;
                default:
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitFieldInsn(Opcodes.GETFIELD, target.owner, p.field, target.fields.get(p.field));
                    break;
            }
            mv.visitVarInsn(p.type.getOpcode(Opcodes.ISTORE), base + p.slot);
        }
    }

    /** Copies the advice's code, its locals moved up by {@code base}; its returns jump to the label placed after it. */
    private void copy(AdviceMethod a, int base, Object[] prefix) {
        AdviceCopy copy = new AdviceCopy(mv, a, base, prefix, target.frames);
        a.code.accept(copy.reader(), ClassReader.EXPAND_FRAMES);
        mv.visitLabel(copy.end);
    }

    private void returnAtOnce(boolean handled) {
        Type t = target.returned;
        switch (t.getSort()) {
            case Type.VOID:
                mv.visitInsn(Opcodes.RETURN);
                return;
            case Type.LONG:
                mv.visitInsn(Opcodes.LCONST_0);
                break;
            case Type.FLOAT:
                mv.visitInsn(Opcodes.FCONST_0);
                break;
            case Type.DOUBLE:
                mv.visitInsn(Opcodes.DCONST_0);
                break;
            case Type.OBJECT:
            case Type.ARRAY:
                mv.visitInsn(Opcodes.ACONST_NULL);
                break;
            default:
                mv.visitInsn(handled && t.getSort() == Type.BOOLEAN ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
                break;
        }
        mv.visitInsn(t.getOpcode(Opcodes.IRETURN));
    }

    private void frame(Object[] locals, Object[] stack) {
        if (target.frames) {
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
        }
    }

    /** Refuses an advice whose parameters do not fit this method, before anything is written. */
    private void check(AdviceMethod a) {
        if (!a.enter && target.returnsInsideTry) {
            throw new IllegalArgumentException(a.name + " cannot run after " + target.name
                    + ", which returns inside a try block");
        }
        for (AdviceMethod.Parameter p : a.parameters) {
            Type actual;
            if (p.source == AdviceMethod.Source.THIS) {
                actual = target.isStatic ? null : Type.getObjectType(target.owner);
            } else if (p.source == AdviceMethod.Source.ARGUMENT) {
                actual = p.index < target.arguments.length ? target.arguments[p.index] : null;
            } else if (p.source == AdviceMethod.Source.RETURN) {
                actual = target.returned.getSort() == Type.VOID ? null : target.returned;
            } else {
                String field = target.isStatic ? null : target.fields.get(p.field);
                actual = field == null ? null : Type.getType(field);
            }
            boolean fits = actual != null && (actual.equals(p.type) || !p.writable
                    && p.type.getDescriptor().equals("Ljava/lang/Object;") && actual.getSort() >= Type.ARRAY);
            if (!fits) {
                throw new IllegalArgumentException(a.name + " reads " + p.source + " as " + p.type.getClassName()
                        + ", which " + target.name + " does not have");
            }
        }
    }

    private static Object[] parameterTypes(AdviceMethod a) {
        Object[] types = new Object[a.parameters.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = frameType(a.parameters.get(i).type);
        }
        return types;
    }

    /** {@code locals}, then TOP up to {@code slots} slots. */
    private static Object[] pad(Object[] locals, int slots) {
        int used = 0;
        for (Object l : locals) {
            used += l == Opcodes.LONG || l == Opcodes.DOUBLE ? 2 : 1;
        }
        Object[] padded = Arrays.copyOf(locals, locals.length + Math.max(0, slots - used));
        Arrays.fill(padded, locals.length, padded.length, Opcodes.TOP);
        return padded;
    }

    static Object[] concat(Object[] a, Object[] b) {
        Object[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static Object frameType(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return t.getInternalName();
        }
    }
}
