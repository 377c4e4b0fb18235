package dev.capstan.bench;

/**
 * One measured command: seconds from start to exit, and the CPU seconds (user + system) of its own
 * process and every child it waited for (for Capstan the JVM, for the hand script bash and its ssh
 * clients), as the shell's {@code times} reports them.
 */
record Timing(double seconds, double cpuSeconds) {}
