package org.marrowj.marrow;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs independent loop iterations on all cores (common fork-join pool). */
final class Par {

	private Par() {}

	/** Calls {@code body} for i = 0..n-1, in parallel when {@code n > 1}; rethrows the first failure. */
	static void forEach(final int n, final IntConsumer body) {
		if (n <= 1) {
			for (int i = 0; i < n; i++)
				body.accept(i);
			return;
		}
		IntStream.range(0, n).parallel().forEach(body);
	}
}
