package org.marrowj.pipeline;

import java.io.File;
import java.util.List;
import java.util.Locale;

import org.marrowj.BadInputException;
import org.marrowj.image.Volume;
import org.marrowj.io.ImageReaders;
import org.marrowj.morph.Parallel;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * A CT volume checked to hold Hounsfield units. A DICOM CT carries the unit (HU after
 * RescaleSlope/Intercept); any other modality (MR, PT, ...) is refused. A NIfTI or TIFF file has no
 * reliable unit: MarrowJ's own NIfTI files record it; otherwise the values are accepted as HU when
 * they look like CT, i.e. their minimum is below {@link #AIR_LIKE_HU} (air at about -1000 HU, or the
 * -1024 / -2048 padding of scanners), and a warning says that HU was assumed; else refused.
 */
public final class CtInput {

	private CtInput() {}

	/** A minimum below this (HU) makes unit-less values look like CT. */
	public static final double AIR_LIKE_HU = -500;

	/** Reads {@code file} (DICOM folder or file, NIfTI, TIFF) and checks it is a CT in HU; warnings go to {@code warnings}. */
	public static Volume<?> open(final File file, final String parameter, final List<String> warnings) {
		final Volume<?> v = ImageReaders.open(file);
		return check(v, parameter, warnings);
	}

	/** Checks {@code v} holds HU (see the class comment); returns it, with the unit HU when that was assumed. */
	public static Volume<?> check(final Volume<?> v, final String parameter, final List<String> warnings) {
		if (Volume.HU.equals(v.valueUnit())) {
			if (!v.modality().isEmpty() && !"CT".equalsIgnoreCase(v.modality()))
				throw new BadInputException(parameter, "is " + v.modality() + ", not CT: no Hounsfield units");
			return v;
		}
		final String m = v.modality();
		if (!m.isEmpty() && !"CT".equalsIgnoreCase(m))
			throw new BadInputException(parameter, "is " + m + ", not CT: no Hounsfield units");
		if (!v.valueUnit().isEmpty())
			throw new BadInputException(parameter, "values are in '" + v.valueUnit() + "', not in Hounsfield units (HU)");
		final double min = min(v.image());
		if (!(min < AIR_LIKE_HU)) throw new BadInputException(parameter, String.format(Locale.ROOT,
			"the file gives no unit and its values do not look like CT in HU (minimum %s, no air below %s HU); " +
				"give a CT in Hounsfield units", fmt(min), fmt(AIR_LIKE_HU)));
		warnings.add(String.format(Locale.ROOT, "%s: the file gives no unit; its values are taken as HU (minimum %s HU looks like CT air)",
			parameter, fmt(min)));
		return withHu(v);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Volume<?> withHu(final Volume v) {
		return new Volume(v.image(), v.geometry(), Volume.HU, v.modality().isEmpty() ? "CT" : v.modality(), v.properties());
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	static double min(final RandomAccessibleInterval img) {
		final int nx = (int) img.dimension(0), ny = (int) img.dimension(1), nz = (int) img.dimension(2);
		final double[] mins = new double[nz];
		Parallel.forEach(nz, z -> {
			final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
			double m = Double.POSITIVE_INFINITY;
			ra.setPosition(img.min(2) + z, 2);
			for (int y = 0; y < ny; y++) {
				ra.setPosition(img.min(1) + y, 1);
				ra.setPosition(img.min(0), 0);
				for (int x = 0; x < nx; x++) {
					final double d = ra.get().getRealDouble();
					if (d < m) m = d;
					ra.fwd(0);
				}
			}
			mins[z] = m;
		});
		double m = Double.POSITIVE_INFINITY;
		for (final double d : mins)
			m = Math.min(m, d);
		return m;
	}

	static String fmt(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
	}
}
