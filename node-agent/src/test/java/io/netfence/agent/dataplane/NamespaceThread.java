package io.netfence.agent.dataplane;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One JVM thread living inside a named network namespace ({@code setns(2)} through JNA). Sockets keep the
 * namespace they were created in, so the harness creates servers' and probes' sockets here and uses them from
 * any thread: hundreds of probes without spawning a process each.
 */
public final class NamespaceThread implements AutoCloseable {

    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    interface LibC extends Library {
        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    private static volatile LibC libc;

    private final String namespace;
    private final ExecutorService thread;

    public NamespaceThread(String namespace) {
        this.namespace = namespace;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + namespace);
            t.setDaemon(true);
            return t;
        });
        call(() -> {
            enter(namespace);
            return null;
        });
    }

    static LibC libc() {
        LibC l = libc;
        if (l == null) {
            synchronized (NamespaceThread.class) {
                if (libc == null) {
                    libc = Native.load("c", LibC.class);
                }
                l = libc;
            }
        }
        return l;
    }

    private static void enter(String namespace) {
        LibC c = libc();
        int fd = c.open("/var/run/netns/" + namespace, O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("cannot open netns " + namespace + ": errno " + Native.getLastError());
        }
        try {
            if (c.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns(" + namespace + ") failed: errno " + Native.getLastError());
            }
        } finally {
            c.close(fd);
        }
    }

    public String namespace() {
        return namespace;
    }

    /** Runs {@code task} inside the namespace (e.g. opening a socket) and returns its result. */
    public <T> T call(Callable<T> task) {
        Future<T> f = thread.submit(task);
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("in netns " + namespace + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
