package org.marrowj.qct;

import java.util.Locale;

import org.marrowj.BadInputException;

/**
 * Order of automatically detected calibration rods ({@code rod_order}). Rods are numbered along the
 * in-plane index axis over which their centres spread most (the column index, index axis 0, for a
 * phantom lying across the image as usual; index axis 1 when the image is stored with rows and
 * columns exchanged): {@link #NORMAL} = ascending index (rod 1 has the lowest column index),
 * {@link #REVERSED} = descending. The order is that of the stored image, not of the patient, so an
 * image stored mirrored left-right gives the rods in reverse world order unless {@code rod_order}
 * says otherwise.
 */
public enum RodOrder {
	NORMAL, REVERSED;

	/** Parses "normal" or "reversed" (case-insensitive) for the parameter {@code rod_order}. */
	public static RodOrder parse(final String text) {
		if (text != null) {
			final String t = text.trim().toLowerCase(Locale.ROOT);
			if (t.equals("normal")) return NORMAL;
			if (t.equals("reversed")) return REVERSED;
		}
		throw new BadInputException("rod_order", "must be normal or reversed, got " + text);
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
