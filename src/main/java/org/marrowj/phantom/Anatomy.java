package org.marrowj.phantom;

/**
 * An analytic anatomy: the tissue id at every world point (LPS, mm). Evaluated slice-wise: {@link
 * #at(double)} fixes z (and whatever depends only on z), the returned section answers (x, y).
 */
interface Anatomy {

	interface Section {

		/** Tissue id at world (x, y) of this section's z. */
		int tissue(double x, double y);
	}

	Section at(double z);

	default int tissue(final double x, final double y, final double z) {
		return at(z).tissue(x, y);
	}
}
