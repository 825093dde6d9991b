package org.marrowj;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;

/**
 * The real data in {@code ../shared/data} beside the project (or where the system property
 * {@code marrowj.shared.data} points). Tests that need it skip with a message when it is absent.
 */
public final class SharedData {

	private SharedData() {}

	public static File root() {
		final String p = System.getProperty("marrowj.shared.data");
		return p != null ? new File(p) : new File(System.getProperty("user.dir"), "../shared/data");
	}

	/** The file or folder {@code relative} under the shared data, or a skipped test when absent. */
	public static File require(final String relative) {
		final File f = new File(root(), relative);
		assumeTrue(f.exists(), "shared real data not found at " + f.getAbsolutePath() + "; skipping");
		return f;
	}
}
