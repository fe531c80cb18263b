package dev.meshguard.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which methods of a target class an advice goes into: a name, and optionally the number of arguments, the type names
 * of some of them, the return type name and whether the method is static. Immutable; each {@code with} method returns a
 * narrower copy. It matches a method by its class-file name and descriptor, without loading any type.
 */
public final class TargetMethod {
    private final String name;
    private final int arguments;
    private final List<String> argumentTypes; // by position; null where any type is accepted
    private final String returnType;
    private final Boolean isStatic;

    private TargetMethod(String name, int arguments, List<String> argumentTypes, String returnType, Boolean isStatic) {
        this.name = name;
        this.arguments = arguments;
        this.argumentTypes = argumentTypes;
        this.returnType = returnType;
        this.isStatic = isStatic;
    }

    /** Every method with this name, with any arguments. */
    public static TargetMethod named(String name) {
        return new TargetMethod(name, -1, Collections.<String>emptyList(), null, null);
    }

    /** Only those with exactly {@code count} arguments. */
    public TargetMethod takesArguments(int count) {
        return new TargetMethod(name, count, argumentTypes, returnType, isStatic);
    }

    /** Only those whose argument at {@code index} has this type (a Java name: {@code java.lang.String}, {@code int}). */
    public TargetMethod takesArgument(int index, String typeName) {
        List<String> types = new ArrayList<>(argumentTypes);
        while (types.size() <= index) {
            types.add(null);
        }
        types.set(index, typeName);
        return new TargetMethod(name, arguments, Collections.unmodifiableList(types), returnType, isStatic);
    }

    /** Only those returning this type (a Java name). */
    public TargetMethod returns(String typeName) {
        return new TargetMethod(name, arguments, argumentTypes, typeName, isStatic);
    }

    /** Only static methods. */
    public TargetMethod isStatic() {
        return new TargetMethod(name, arguments, argumentTypes, returnType, Boolean.TRUE);
    }

    /** Whether a method, given by its access flags, name and descriptor as in a class file, is one of these. */
    public boolean matches(int access, String methodName, String descriptor) {
        if (!name.equals(methodName) || (isStatic != null && isStatic != ((access & 0x0008) != 0))) {
            return false;
        }
        List<String> types = new ArrayList<>();
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int end = typeEnd(descriptor, i);
            types.add(javaName(descriptor.substring(i, end)));
            i = end;
        }
        if (arguments >= 0 && types.size() != arguments) {
            return false;
        }
        for (int k = 0; k < argumentTypes.size(); k++) {
            String expected = argumentTypes.get(k);
            if (expected != null && (k >= types.size() || !expected.equals(types.get(k)))) {
                return false;
            }
        }
        return returnType == null || returnType.equals(javaName(descriptor.substring(i + 1)));
    }

    private static int typeEnd(String descriptor, int start) {
        int i = start;
        while (descriptor.charAt(i) == '[') {
            i++;
        }
        return descriptor.charAt(i) == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
    }

    private static String javaName(String type) {
        if (type.startsWith("[")) {
            return javaName(type.substring(1)) + "[]";
        }
        switch (type.charAt(0)) {
            case 'L': return type.substring(1, type.length() - 1).replace('/', '.');
            case 'Z': return "boolean";
            case 'B': return "byte";
            case 'C': return "char";
            case 'S': return "short";
            case 'I': return "int";
            case 'J': return "long";
            case 'F': return "float";
            case 'D': return "double";
            default: return "void";
        }
    }

    @Override
    public String toString() {
        return name + (arguments >= 0 ? "/" + arguments : "") + (argumentTypes.isEmpty() ? "" : " " + argumentTypes)
                + (returnType == null ? "" : " -> " + returnType) + (Boolean.TRUE.equals(isStatic) ? " (static)" : "");
    }
}
