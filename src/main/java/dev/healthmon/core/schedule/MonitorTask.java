package dev.healthmon.core.schedule;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A lifetime: the seed's {@code task.Task}. Finishing a task finishes its subtasks; monitors started under a
 * task stop when it finishes. A task also gives monitors their service name ({@link #name()}, the path from the
 * root) and a display name.
 *
 * <pre>{@code
 * MonitorTask routes = MonitorTask.root("routes");
 * monitor.start(routes);      // the monitor runs in routes/<name>
 * routes.finish("shutdown");  // stops it at once
 * }</pre>
 */
public final class MonitorTask {

    private final @Nullable MonitorTask parent;
    private final String name;
    private final String displayName;
    private static final AtomicReferenceFieldUpdater<MonitorTask, @Nullable String> REASON =
            AtomicReferenceFieldUpdater.newUpdater(MonitorTask.class, String.class, "reason");

    // a concurrent set: a root holds every monitor's task, and a copy-on-write list made adding and finishing
    // 10,000 of them quadratic. Made with the first subtask: a monitor's own task has none, and 10,000 empty sets
    // were some 1 MB
    private volatile @Nullable Set<MonitorTask> children;
    private volatile @Nullable String reason;
    // emitted once, by the finish that set the reason: it needs no serialising wrapper
    private final Sinks.One<String> finished = Sinks.unsafe().one();

    private MonitorTask(@Nullable MonitorTask parent, String name, String displayName) {
        this.parent = parent;
        this.name = requireNonNull(name, "name");
        this.displayName = requireNonNull(displayName, "displayName");
    }

    /** Returns a new root task. */
    public static MonitorTask root(String name) {
        return new MonitorTask(null, name, name);
    }

    /**
     * Returns a new subtask, finished already if this task is. The subtask's display name is {@code name}.
     */
    public MonitorTask subtask(String childName) {
        return subtask(childName, childName);
    }

    /** Returns a new subtask with a display name, finished already if this task is. */
    public MonitorTask subtask(String childName, String childDisplayName) {
        MonitorTask child = new MonitorTask(this, childName, childDisplayName);
        children().add(child);
        if (isFinished()) {
            child.finish(finishReason());
        }
        return child;
    }

    /** Returns the path of this task from its root, such as {@code "routes/api"}: the seed's service name. */
    public String name() {
        return parent == null ? name : parent.name() + "/" + name;
    }

    /** Returns the last segment of {@link #name()}. */
    public String shortName() {
        return name;
    }

    /** Returns the name shown to people. */
    public String displayName() {
        return displayName;
    }

    /** Returns the parent task, or {@code null} for a root. */
    public @Nullable MonitorTask parent() {
        return parent;
    }

    /**
     * Finishes this task and its subtasks; only the first call has an effect.
     *
     * @param why the reason, such as {@code "shutdown"}; {@code null} for none
     */
    public void finish(@Nullable Object why) {
        String text = why == null ? "" : why.toString();
        if (!REASON.compareAndSet(this, null, text)) {
            return;
        }
        Set<MonitorTask> current = children;
        if (current != null) {
            for (MonitorTask child : current) {
                child.finish(why);
            }
            current.clear();
        }
        finished.tryEmitValue(text);
        Set<MonitorTask> siblings = parent == null ? null : parent.children;
        if (siblings != null) {
            siblings.remove(this);
        }
    }

    /** Returns whether this task has finished. */
    public boolean isFinished() {
        return reason != null;
    }

    /** Returns why this task finished, or an empty string. */
    public String finishReason() {
        String why = reason;
        return why == null ? "" : why;
    }

    /**
     * Returns a hot {@code Mono} that emits the reason when this task finishes, at once if it has; it never errors.
     */
    public Mono<String> whenFinished() {
        return finished.asMono();
    }

    @Override
    public String toString() {
        return name();
    }

    private Set<MonitorTask> children() {
        Set<MonitorTask> current = children;
        if (current == null) {
            synchronized (this) {
                current = children;
                if (current == null) {
                    current = ConcurrentHashMap.newKeySet();
                    children = current;
                }
            }
        }
        return current;
    }
}
