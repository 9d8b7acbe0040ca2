package dev.healthmon.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code bench} subcommand of the program: {@code bench [options]} measures the engine,
 * {@code bench store [options]} the history store, {@code bench hostile [options]} checks against targets
 * that misbehave, and {@code bench target [options]} is the target process
 * that the first one starts (which can also serve other checkers).
 */
public final class Bench {

    private Bench() {
    }

    /** Returns whether {@code args} ask for the benchmark. */
    public static boolean requested(String[] args) {
        return args.length > 0 && args[0].equals("bench");
    }

    /** Runs the benchmark that {@code args} (after {@code bench}) name; returns the exit code. */
    public static int run(List<String> args, PrintStream out) {
        try {
            if (!args.isEmpty() && args.get(0).equals("target")) {
                quiet();
                return TargetServer.run(args.subList(1, args.size()), out);
            }
            if (!args.isEmpty() && args.get(0).equals("hostile")) {
                return HostileBench.run(args.subList(1, args.size()), out);
            }
            if (!args.isEmpty() && args.get(0).equals("store")) {
                quiet();
                return StoreBench.run(args.subList(1, args.size()), out);
            }
            if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
                out.println(BenchOptions.USAGE);
                return 0;
            }
            return EngineBench.run(args, out);
        }
        catch (IOException e) {
            System.err.println("healthmon bench: " + e.getMessage());
            return 1;
        }
    }

    // without Spring, nothing configures logback: keep Netty's and the store's debug lines off the figures
    private static void quiet() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
    }
}
