package org.marrowj.morph;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one shared thread pool of MarrowJ's heavy loops. Work is split into blocks of consecutive
 * indices (z slices, rows, lines) that threads take in turn; the calling thread works too. Every
 * algorithm using it gives the same result for any number of threads.
 * <p>
 * The number of threads defaults to the number of available processors and can be set with
 * {@link #setThreads(int)} (1 = run everything on the calling thread).
 */
public final class Parallel {

	private Parallel() {}

	/** Body of a parallel loop over a block of indices {@code [from, to)}. */
	@FunctionalInterface
	public interface Block {
		void run(int from, int to);
	}

	private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
	private static volatile ForkJoinPool pool;

	/** Number of threads used by the parallel loops. */
	public static int threads() {
		return threads;
	}

	/** Sets the number of threads used by the parallel loops (at least 1). */
	public static synchronized void setThreads(final int n) {
		if (n < 1) throw new org.marrowj.BadInputException("threads", "must be at least 1, got " + n);
		if (n == threads) return;
		threads = n;
		if (pool != null) {
			pool.shutdown();
			pool = null;
		}
	}

	private static synchronized ForkJoinPool pool() {
		if (pool == null) pool = new ForkJoinPool(Math.max(1, threads - 1));
		return pool;
	}

	/** Runs {@code body.run(i, i + 1)} for every i in [0, n), in parallel. */
	public static void forEach(final int n, final java.util.function.IntConsumer body) {
		forBlocks(n, 1, (from, to) -> {
			for (int i = from; i < to; i++)
				body.accept(i);
		});
	}

	/**
	 * Runs {@code body} over blocks {@code [b*grain, min(n, (b+1)*grain))} covering [0, n), in
	 * parallel; each block runs on one thread. Exceptions thrown by a block are rethrown here.
	 */
	public static void forBlocks(final int n, final int grain, final Block body) {
		if (n <= 0) return;
		final int g = Math.max(1, grain);
		final int blocks = (int) (((long) n + g - 1) / g);
		final int t = threads;
		final Thread current = Thread.currentThread();
		final boolean nested = current instanceof ForkJoinWorkerThread && ((ForkJoinWorkerThread) current).getPool() == pool;
		if (t == 1 || blocks == 1 || nested) {
			body.run(0, n);
			return;
		}
		final AtomicInteger next = new AtomicInteger();
		final Runnable worker = () -> {
			int b;
			while ((b = next.getAndIncrement()) < blocks) {
				final int from = b * g;
				body.run(from, (int) Math.min(n, (long) from + g));
			}
		};
		final ForkJoinPool p = pool();
		final int helpers = Math.min(t, blocks) - 1;
		final List<ForkJoinTask<?>> tasks = new ArrayList<>(helpers);
		for (int i = 0; i < helpers; i++)
			tasks.add(p.submit(worker));
		Throwable failure = null;
		try {
			worker.run();
		}
		catch (final Throwable e) {
			failure = e;
			next.set(blocks); // stop the others early
		}
		for (final ForkJoinTask<?> task : tasks) {
			try {
				task.get();
			}
			catch (final ExecutionException e) {
				if (failure == null) failure = e.getCause();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				if (failure == null) failure = e;
			}
		}
		if (failure instanceof RuntimeException) throw (RuntimeException) failure;
		if (failure instanceof Error) throw (Error) failure;
		if (failure != null) throw new IllegalStateException("parallel loop interrupted", failure);
	}
}
