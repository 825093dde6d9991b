package org.marrowj.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.io.Limits;

/**
 * A gzip NIfTI announcing one 20000x20000 float32 plane (1.6 GB) with a few bytes of data passed the
 * 80%-of-free-heap rule at a 2 GB heap and then failed with OutOfMemoryError allocating that one
 * array. Without the voxel-cap property, one plane may take at most half of the free heap; an image
 * of the same size in several planes is still allowed.
 */
class LimitsPlaneTest {

	private static long available() {
		final Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	@Test
	void onePlaneMayTakeAtMostHalfOfTheFreeHeap() {
		assumeTrue(System.getProperty(Limits.MAX_VOXELS_PROPERTY) == null, "voxel cap property set; skipping");
		// 65% of the free heap in float32 voxels: within the 80% rule as a whole
		final long voxels = (long) (0.65 * available() / 4);
		final long side = (long) Math.sqrt(voxels / 4.0);
		final BadInputException e = assertThrows(BadInputException.class,
			() -> Limits.checkAllocation("one.nii.gz", new long[] { 2 * side, 2 * side, 1 }, 4));
		assertTrue(e.getMessage().startsWith("one.nii.gz: ") && e.getMessage().contains("plane"), e.getMessage());
		assertDoesNotThrow(() -> Limits.checkAllocation("four.nii.gz", new long[] { side, side, 4 }, 4));
	}
}
