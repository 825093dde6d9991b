package org.marrowj.io;

import java.io.File;

import org.marrowj.image.Volume;

/** TIFF stacks through ImageJ 1.x, with their calibration. */
public final class Tiff {

	private Tiff() {}

	public static Volume<?> read(final File file) {
		throw new UnsupportedOperationException("not yet");
	}
}
