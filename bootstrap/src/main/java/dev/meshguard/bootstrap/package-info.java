/**
 * The boot-class-path bridge between container hooks (inlined into server classes, in any class loader) and the
 * agent (in its own isolated class loader). JDK types only.
 */
package dev.meshguard.bootstrap;
