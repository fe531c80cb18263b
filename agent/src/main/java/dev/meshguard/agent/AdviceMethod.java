package dev.meshguard.agent;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One advice method read from its class file ({@code dev.meshguard.hooks.Advice}): where it goes, what each parameter
 * reads, and its code's size. {@link #read} checks the rules the inliner relies on and refuses an advice that breaks
 * them, so that a faulty advice is reported once instead of producing a class the JVM rejects.
 */
final class AdviceMethod {
    private static final String ADVICE = "Ldev/meshguard/hooks/Advice$";

    /** What one advice parameter reads. */
    enum Source { THIS, ARGUMENT, RETURN, FIELD }

    /** One parameter: its source, the argument index or field name, whether the advice may replace the value. */
    static final class Parameter {
        final Type type;
        final int slot;
        Source source;
        int index;
        String field;
        boolean writable;

        Parameter(Type type, int slot) {
            this.type = type;
            this.slot = slot;
        }
    }

    final ClassReader code;
    final String name;
    final String descriptor;
    final boolean enter;
    final boolean skipOnTrue;
    final boolean skippedReturnsTrue;
    final List<Parameter> parameters;
    final int maxStack;
    final int maxLocals;

    private AdviceMethod(ClassReader code, Reading r) {
        this.code = code;
        this.name = r.name;
        this.descriptor = r.descriptor;
        this.enter = r.enter;
        this.skipOnTrue = r.skipOnTrue;
        this.skippedReturnsTrue = r.skippedReturnsTrue;
        this.parameters = Collections.unmodifiableList(r.parameters);
        this.maxStack = r.maxStack;
        this.maxLocals = r.maxLocals;
    }

    /** The advice methods of an advice class; throws {@link IllegalArgumentException} naming a broken rule. */
    static List<AdviceMethod> read(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        final String owner = reader.getClassName();
        final List<Reading> readings = new ArrayList<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                Reading r = new Reading(owner, access, name, descriptor);
                readings.add(r);
                return r;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        List<AdviceMethod> methods = new ArrayList<>();
        for (Reading r : readings) {
            if (r.marked) {
                r.check();
                methods.add(new AdviceMethod(reader, r));
            }
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException(owner + " has no @OnMethodEnter or @OnMethodExit method");
        }
        return methods;
    }

    /** Collects one method's annotations and checks its code while the class file is read. */
    private static final class Reading extends MethodVisitor {
        final String owner;
        final int access;
        final String name;
        final String descriptor;
        final List<Parameter> parameters = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        boolean marked;
        boolean enter;
        boolean skipOnTrue;
        boolean skippedReturnsTrue;
        boolean catches;
        int maxStack;
        int maxLocals;

        Reading(String owner, int access, String name, String descriptor) {
            super(Opcodes.ASM9);
            this.owner = owner;
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
            int slot = 0;
            for (Type t : Type.getArgumentTypes(descriptor)) {
                parameters.add(new Parameter(t, slot));
                slot += t.getSize();
            }
        }

        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
            if (annotation.equals(ADVICE + "OnMethodEnter;") || annotation.equals(ADVICE + "OnMethodExit;")) {
                marked = true;
                enter = annotation.equals(ADVICE + "OnMethodEnter;");
                return new AnnotationVisitor(Opcodes.ASM9) {
                    @Override
                    public void visit(String attribute, Object value) {
                        if ("skipOnTrue".equals(attribute)) {
                            skipOnTrue = (Boolean) value;
                        } else if ("skippedReturnsTrue".equals(attribute)) {
                            skippedReturnsTrue = (Boolean) value;
                        }
                    }
                };
            }
            return null;
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int index, String annotation, boolean visible) {
            final Parameter p = parameters.get(index);
            if (!annotation.startsWith(ADVICE)) {
                return null;
            }
            if (p.source != null) {
                problems.add("parameter " + index + " has two sources");
            }
            String kind = annotation.substring(ADVICE.length(), annotation.length() - 1);
            p.source = "This".equals(kind) ? Source.THIS : "Argument".equals(kind) ? Source.ARGUMENT
                    : "Return".equals(kind) ? Source.RETURN : "FieldValue".equals(kind) ? Source.FIELD : null;
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String attribute, Object value) {
                    if ("readOnly".equals(attribute)) {
                        p.writable = !(Boolean) value;
                    } else if (value instanceof Integer) {
                        p.index = (Integer) value;
                    } else if (value instanceof String) {
                        p.field = (String) value;
                    }
                }
            };
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            catches = true;
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String field, String fieldDescriptor) {
            refuseOwn(fieldOwner, "field " + field);
        }

        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String method, String methodDescriptor,
                                    boolean isInterface) {
            refuseOwn(methodOwner, "method " + method);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            refuseOwn(type, "type");
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Type && ((Type) value).getSort() == Type.OBJECT) {
                refuseOwn(((Type) value).getInternalName(), "class literal");
            }
        }

        /**
         * The advice's class and the classes nested with it live in the agent's class loader, which the server's
         * class cannot see; compile-time constants of theirs are copied in by javac and are fine.
         */
        private void refuseOwn(String type, String what) {
            String outer = owner.indexOf('$') < 0 ? owner : owner.substring(0, owner.indexOf('$'));
            if (type.equals(outer) || type.startsWith(outer + "$")) {
                problems.add("uses its own or a nested class's " + what + " (" + type + ")");
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String method, String methodDescriptor, Handle bootstrap, Object... args) {
            problems.add("uses invokedynamic (a lambda or string concatenation)");
        }

        @Override
        public void visitMaxs(int stack, int locals) {
            maxStack = stack;
            maxLocals = locals;
        }

        void check() {
            Type returned = Type.getReturnType(descriptor);
            if ((access & Opcodes.ACC_STATIC) == 0) {
                problems.add("is not static");
            }
            if (enter && returned.getSort() != (skipOnTrue ? Type.BOOLEAN : Type.VOID)) {
                problems.add(skipOnTrue ? "must return boolean (skipOnTrue)" : "must return void");
            }
            if (!enter && (returned.getSort() != Type.VOID || catches)) {
                problems.add("is an exit advice that returns a value or catches");
            }
            for (Parameter p : parameters) {
                if (p.source == null) {
                    problems.add("has a parameter without an Advice annotation");
                } else if (p.source == Source.RETURN && enter || p.source == Source.ARGUMENT && p.writable && !enter
                        || p.source == Source.FIELD && p.writable || p.source == Source.THIS && p.writable) {
                    problems.add("cannot write or read " + p.source + " here");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(owner + "." + name + " " + String.join("; ", problems));
            }
        }
    }
}
