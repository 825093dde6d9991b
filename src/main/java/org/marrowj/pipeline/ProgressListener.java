package org.marrowj.pipeline;

import java.util.concurrent.CancellationException;

/**
 * Progress and cancellation of a pipeline run, without any user-interface class: the pipeline
 * reports each step with the fraction of the run done, and asks between steps whether to stop
 * (then it throws {@link CancellationException} and writes nothing more).
 */
public interface ProgressListener {

	/** A listener that ignores progress and never cancels. */
	ProgressListener NONE = (step, fraction) -> {};

	/**
	 * @param step what is being done ("reading ct", "segmenting", "writing qc images", ...)
	 * @param fraction of the whole run done so far, 0..1
	 */
	void progress(String step, double fraction);

	/** True when the run should stop at the next step. */
	default boolean isCanceled() {
		return false;
	}

	/** Throws {@link CancellationException} when {@link #isCanceled()}. */
	static void check(final ProgressListener l, final String step) {
		if (l != null && l.isCanceled()) throw new CancellationException("cancelled before " + step);
	}
}
