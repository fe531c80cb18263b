package dev.meshguard.agent;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Attribute;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.TypePath;

/**
 * Replays one advice method's code into a target method: each local slot moves up by {@code base}, each frame gets
 * the target's {@code prefix} of locals in front of the advice's own, and each return becomes a jump to {@link #end}
 * (an enter advice's boolean stays on the stack). Debug information, annotations and the advice's sizes are dropped.
 */
final class AdviceCopy extends MethodVisitor {
    final Label end = new Label();
    private final AdviceMethod advice;
    private final int base;
    private final Object[] prefix;
    private final boolean frames;

    AdviceCopy(MethodVisitor target, AdviceMethod advice, int base, Object[] prefix, boolean frames) {
        super(Opcodes.ASM9, target);
        this.advice = advice;
        this.base = base;
        this.prefix = prefix;
        this.frames = frames;
    }

    /** A class visitor that hands the advice method, and nothing else of its class, to this copy. */
    ClassVisitor reader() {
        return new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return name.equals(advice.name) && descriptor.equals(advice.descriptor) ? AdviceCopy.this : null;
            }
        };
    }

    @Override
    public void visitVarInsn(int opcode, int slot) {
        super.visitVarInsn(opcode, slot + base);
    }

    @Override
    public void visitIincInsn(int slot, int increment) {
        super.visitIincInsn(slot + base, increment);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            super.visitJumpInsn(Opcodes.GOTO, end);
        } else {
            super.visitInsn(opcode);
        }
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (frames) {
            Object[] locals = AdvisedMethod.concat(prefix, java.util.Arrays.copyOf(local, numLocal));
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, numStack, stack);
        }
    }

    @Override
    public void visitCode() {
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
    }

    @Override
    public void visitEnd() {
    }

    @Override
    public void visitLineNumber(int line, Label start) {
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end,
                                   int index) {
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end,
                                                          int[] index, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public void visitParameter(String name, int access) {
    }

    @Override
    public AnnotationVisitor visitAnnotationDefault() {
        return null;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        return null;
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
    }

    @Override
    public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath, String descriptor,
                                                     boolean visible) {
        return null;
    }

    @Override
    public void visitAttribute(Attribute attribute) {
    }
}
