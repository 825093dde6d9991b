package org.marrowj.io;

import org.marrowj.BadInputException;
import org.marrowj.image.Volume;

/** Checks a caller makes on a volume before using its values. */
public final class Volumes {

	private Volumes() {}

	/**
	 * Refuses a volume whose values are not Hounsfield units (an MR or PET image, or values of
	 * unknown unit).
	 *
	 * @param parameter the parameter (or file) the volume came from, named in the message
	 * @throws BadInputException e.g. "ct: is MR, not CT: no Hounsfield units"
	 */
	public static void requireHU(final Volume<?> v, final String parameter) {
		if (Volume.HU.equals(v.valueUnit())) return;
		final String m = v.modality();
		if (!m.isEmpty() && !"CT".equalsIgnoreCase(m))
			throw new BadInputException(parameter, "is " + m + ", not CT: no Hounsfield units");
		throw new BadInputException(parameter, "values are not in Hounsfield units (unit '" + v.valueUnit() + "'" +
			(m.isEmpty() ? ", modality unknown" : "") + ")");
	}
}
