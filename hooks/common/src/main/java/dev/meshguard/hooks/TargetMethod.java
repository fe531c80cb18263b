package dev.meshguard.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which methods of a target class an advice goes into: a name, and optionally the number of arguments, the type names
 * of some of them, the return type name and whether the method is static. Immutable; each {@code with} method returns a
 * narrower copy. It matches a method by names read from a class file, without loading any type.
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

    /** The methods' name. */
    public String name() {
        return name;
    }

    /**
     * Whether a method is one of these, given as a class file describes it: static or not, its name, and the Java names
     * of its argument and return types ({@code java.lang.String}, {@code int}, {@code byte[]}).
     */
    public boolean matches(boolean staticMethod, String methodName, List<String> argumentTypeNames,
                           String returnTypeName) {
        if (!name.equals(methodName) || (isStatic != null && isStatic != staticMethod)
                || (arguments >= 0 && argumentTypeNames.size() != arguments)) {
            return false;
        }
        for (int k = 0; k < argumentTypes.size(); k++) {
            String expected = argumentTypes.get(k);
            if (expected != null && (k >= argumentTypeNames.size() || !expected.equals(argumentTypeNames.get(k)))) {
                return false;
            }
        }
        return returnType == null || returnType.equals(returnTypeName);
    }

    @Override
    public String toString() {
        return name + (arguments >= 0 ? "/" + arguments : "") + (argumentTypes.isEmpty() ? "" : " " + argumentTypes)
                + (returnType == null ? "" : " -> " + returnType) + (Boolean.TRUE.equals(isStatic) ? " (static)" : "");
    }
}
