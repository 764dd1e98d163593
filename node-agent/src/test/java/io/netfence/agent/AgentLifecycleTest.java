package io.netfence.agent;

import io.netfence.agent.status.StatusReporter;
import io.netfence.agent.sync.SyncLoop;
import io.netfence.watch.ClusterWatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.mockito.Mockito.after;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** When the sync loop opens: after the informers' start future, or from the monitor only when that start failed. */
class AgentLifecycleTest {

    private final ClusterWatcher watcher = mock(ClusterWatcher.class);
    private final SyncLoop loop = mock(SyncLoop.class);
    private final StatusReporter reporter = mock(StatusReporter.class);
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicBoolean open = new AtomicBoolean();
    private AgentLifecycle lifecycle;

    @BeforeEach
    void setUp() {
        when(watcher.start()).thenReturn(started);
        when(loop.isOpen()).thenAnswer(i -> open.get());
        doAnswer(i -> {
            open.set(true);
            return null;
        }).when(loop).open();
        lifecycle = new AgentLifecycle(watcher, loop, reporter);
    }

    @AfterEach
    void tearDown() {
        lifecycle.stop();
    }

    @Test
    void informersThatSyncedBeforeTheirStartFutureCompletedAreOpenedByThatFutureOnce() {
        when(watcher.synced()).thenReturn(true);  // synced, but the start future still reconciles a large state
        lifecycle.start();
        verify(loop, after(2500).never()).open();
        verify(watcher, never()).reconcile();
        started.complete(null);
        verify(loop, timeout(2000)).open();
        verify(watcher, after(1500).never()).reconcile();
    }

    @Test
    void aFailedStartOpensTheLoopOnceTheRetryingInformersHaveSynced() {
        when(watcher.synced()).thenReturn(false);
        lifecycle.start();
        started.completeExceptionally(new IllegalStateException("API server unreachable"));
        verify(loop, after(1500).never()).open();
        when(watcher.synced()).thenReturn(true);
        verify(watcher, timeout(3000)).reconcile();
        verify(loop, timeout(3000)).open();
    }
}
