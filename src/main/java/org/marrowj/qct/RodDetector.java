package org.marrowj.qct;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * Finds and measures the rods of a QCT calibration phantom lying under the patient.
 * <p>
 * Detection works on axial slices (index axis 2 must run superior-inferior) of the slice range
 * {@code z_first..z_last}:
 * <ol>
 * <li>the mean projection P(x, y) of the slices in the range;</li>
 * <li>candidates: connected components (4-connected) of {P &gt; t} (bright objects) and of
 * {P &lt; t} (objects darker than their surroundings) for thresholds t every
 * {@code min_contrast_hu / 2} HU across the range of P, kept when not touching the image border,
 * of equivalent radius sqrt(area / pi) near the rod radius range, round (ratio of the eigenvalues of
 * the in-plane second moments in mm &gt;= 0.75) and compact (no pixel farther from the centroid than
 * 1.1 x radius + half a pixel diagonal); candidates closer than half a radius are one object;</li>
 * <li>refinement: core mean (within half the radius), surrounding level = median of P in the annulus
 * 1.4 to 1.9 radii; contrast = core - surrounding must reach {@code min_contrast_hu}; the rod is the
 * connected region around the centre beyond the half-contrast level (area gives the radius, which
 * must lie in [rod_radius_min_mm, rod_radius_max_mm], centroid gives the centre);</li>
 * <li>a rod is a column along z: in at least 90% of the slices used, the ROI mean differs from the
 * annulus median of that slice by at least half the contrast, with the same sign;</li>
 * <li>"under the patient" is decided in world coordinates: candidates are grouped into rows by their
 * world y (LPS, +y posterior; a gap of more than max(10 mm, 2 x rod_radius_max_mm) separates rows)
 * and the phantom is the most posterior row of at least two objects;</li>
 * <li>that row must hold exactly {@code rod_count} rods, which are numbered by {@link RodOrder}.</li>
 * </ol>
 * A rod of the same HU as the phantom material around it cannot be seen; give the rod centres
 * then ({@link #measureAtIndex}, {@link #measureAtWorld}).
 * <p>
 * Measurement (detected or given rods): see {@link Rod}; the ROI radius is
 * {@code min(roi_fraction x r, r - roi_margin_mm)}.
 */
public final class RodDetector {

	/** Fraction of the slices in which a rod must be seen. */
	static final double PRESENT_FRACTION = 0.9;

	private RodDetector() {}

	/** Detects {@code rod_count} rods automatically and measures them. */
	public static <T extends RealType<T> & NativeType<T>> List<Rod> detect(final Volume<T> ct, final RodOptions o) {
		o.validate();
		final Plane pl = new Plane(ct, o);
		pl.project();
		final List<Candidate> raw = pl.candidates(o);
		final List<Candidate> refined = new ArrayList<>();
		for (final Candidate c : raw) {
			final Candidate r = pl.refine(c, o);
			if (r != null && r.radius_mm >= o.rod_radius_min_mm && r.radius_mm <= o.rod_radius_max_mm) refined.add(r);
		}
		final List<Candidate> objects = new ArrayList<>();
		for (final Candidate c : pl.dedupe(refined))
			if (pl.columnAlongZ(c, o)) objects.add(c);
		final Geometry g = ct.geometry();
		final double zMid = 0.5 * (pl.z0 + pl.z1);
		for (final Candidate c : objects)
			c.world = g.indexToWorld(c.x, c.y, zMid);
		final List<Candidate> row = posteriorRow(objects, Math.max(10, 2 * o.rod_radius_max_mm));
		if (!row.isEmpty()) {
			final int axis = spreadAxis(row);
			row.sort(Comparator.comparingDouble(c -> axis == 0 ? c.x : c.y));
		}
		if (row.size() != o.rod_count) {
			final StringBuilder sb = new StringBuilder();
			sb.append("found ").append(row.size()).append(row.size() == 1 ? " rod" : " rods").append(" under the patient, need ")
				.append(o.rod_count);
			if (!row.isEmpty()) sb.append(" (centres in mm: ").append(centres(row)).append(')');
			final int others = objects.size() - row.size();
			if (others > 0) {
				final List<Candidate> rest = new ArrayList<>(objects);
				rest.removeAll(row);
				sb.append("; ").append(others).append(" other round object").append(others == 1 ? "" : "s").append(" at ")
					.append(centres(rest));
			}
			sb.append(" in slices ").append(pl.z0).append("..").append(pl.z1);
			if (!row.isEmpty() && row.size() < o.rod_count) sb.append(" (a rod of the same HU as the material around it cannot be seen)");
			sb.append("; try rod_count, a slice range (z_first, z_last) with the phantom only, or give the rod centres");
			throw new BadInputException("rod_count", sb.toString());
		}
		if (o.rod_order == RodOrder.REVERSED) java.util.Collections.reverse(row);
		final List<Rod> rods = new ArrayList<>();
		for (int i = 0; i < row.size(); i++) {
			final Candidate c = row.get(i);
			rods.add(pl.measure(i + 1, c.x, c.y, c.radius_mm, o, "rod_radius_min_mm"));
		}
		return rods;
	}

	/**
	 * Measures rods at given in-plane index centres (x, y) of the stored image, all of radius
	 * {@code radius_mm}, numbered in the order given (which must be the certificate order).
	 */
	public static <T extends RealType<T> & NativeType<T>> List<Rod> measureAtIndex(final Volume<T> ct, final List<double[]> centres,
		final double radius_mm, final RodOptions o)
	{
		o.validate();
		if (!(radius_mm > 0) || !Double.isFinite(radius_mm))
			throw new BadInputException("rod_radius_mm", "must be positive, got " + radius_mm);
		if (centres == null || centres.isEmpty()) throw new BadInputException("rod_centres", "no rod centres given");
		final Plane pl = new Plane(ct, o);
		final List<Rod> rods = new ArrayList<>();
		for (int i = 0; i < centres.size(); i++) {
			final double[] c = centres.get(i);
			if (c == null || c.length < 2 || !Double.isFinite(c[0]) || !Double.isFinite(c[1]))
				throw new BadInputException("rod_centres", "rod " + (i + 1) + " needs a finite (x, y) centre");
			if (c[0] < -0.5 || c[0] > pl.nx - 0.5 || c[1] < -0.5 || c[1] > pl.ny - 0.5)
				throw new BadInputException("rod_centres", String.format(Locale.ROOT,
					"rod %d at index (%.1f, %.1f) lies outside the %d x %d image", i + 1, c[0], c[1], pl.nx, pl.ny));
			rods.add(pl.measure(i + 1, c[0], c[1], radius_mm, o, "rod_radius_mm"));
		}
		return rods;
	}

	/**
	 * Measures rods at given world (LPS, mm) centres: (x, y) points are taken at the world z of the
	 * middle of the slice range, (x, y, z) points give the axis point directly. Numbered in the order
	 * given.
	 */
	public static <T extends RealType<T> & NativeType<T>> List<Rod> measureAtWorld(final Volume<T> ct, final List<double[]> centres_mm,
		final double radius_mm, final RodOptions o)
	{
		o.validate();
		if (centres_mm == null || centres_mm.isEmpty()) throw new BadInputException("rod_centres", "no rod centres given");
		final Plane pl = new Plane(ct, o);
		final Geometry g = ct.geometry();
		final double[] mid = g.indexToWorld(0.5 * (pl.nx - 1), 0.5 * (pl.ny - 1), 0.5 * (pl.z0 + pl.z1));
		final List<double[]> idx = new ArrayList<>();
		for (int i = 0; i < centres_mm.size(); i++) {
			final double[] w = centres_mm.get(i);
			if (w == null || w.length < 2 || w.length > 3)
				throw new BadInputException("rod_centres", "rod " + (i + 1) + " needs an (x, y) or (x, y, z) centre in mm");
			final double[] p = { w[0], w[1], w.length == 3 ? w[2] : mid[2] };
			for (final double v : p)
				if (!Double.isFinite(v)) throw new BadInputException("rod_centres", "rod " + (i + 1) + " has a non-finite coordinate");
			idx.add(g.worldToIndex(p));
		}
		return measureAtIndex(ct, idx, radius_mm, o);
	}

	/**
	 * Parses rod centres written as "x,y; x,y; ..." (or "x,y,z; ..."): points separated by ';',
	 * coordinates by ','. Errors name {@code parameter}.
	 */
	public static List<double[]> parseCentres(final String text, final String parameter) {
		if (text == null || text.trim().isEmpty()) throw new BadInputException(parameter, "no rod centres given");
		final List<double[]> out = new ArrayList<>();
		final String[] points = text.split(";");
		for (int i = 0; i < points.length; i++) {
			final String[] parts = points[i].trim().split("\\s*,\\s*");
			if (parts.length < 2 || parts.length > 3)
				throw new BadInputException(parameter, "point " + (i + 1) + " '" + points[i].trim() +
					"' must be x,y or x,y,z (points separated by ';')");
			final double[] p = new double[parts.length];
			for (int k = 0; k < parts.length; k++) {
				try {
					p[k] = Double.parseDouble(parts[k].trim());
				}
				catch (final NumberFormatException e) {
					throw new BadInputException(parameter, "point " + (i + 1) + ": '" + parts[k].trim() + "' is not a number");
				}
				if (!Double.isFinite(p[k])) throw new BadInputException(parameter, "point " + (i + 1) + " has a non-finite coordinate");
			}
			out.add(p);
		}
		return out;
	}

	// ---------------------------------------------------------------------------------------------

	static final class Candidate {

		double x, y; // continuous index
		double radius_mm, roundness, contrast;
		double[] world;

		Candidate(final double x, final double y, final double radius_mm, final double roundness) {
			this.x = x;
			this.y = y;
			this.radius_mm = radius_mm;
			this.roundness = roundness;
		}
	}

	private static String centres(final List<Candidate> cs) {
		final StringBuilder sb = new StringBuilder();
		for (final Candidate c : cs) {
			if (sb.length() > 0) sb.append(", ");
			sb.append(String.format(Locale.ROOT, "(%.1f, %.1f, %.1f)", c.world[0], c.world[1], c.world[2]));
		}
		return sb.toString();
	}

	/** Index axis (0 or 1) along which the centres spread most. */
	private static int spreadAxis(final List<Candidate> row) {
		double x0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y0 = Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
		for (final Candidate c : row) {
			x0 = Math.min(x0, c.x);
			x1 = Math.max(x1, c.x);
			y0 = Math.min(y0, c.y);
			y1 = Math.max(y1, c.y);
		}
		return x1 - x0 >= y1 - y0 ? 0 : 1;
	}

	/** Most posterior (largest world y) row of at least two objects; empty when none. */
	static List<Candidate> posteriorRow(final List<Candidate> objects, final double gap_mm) {
		final List<Candidate> s = new ArrayList<>(objects);
		s.sort(Comparator.comparingDouble((Candidate c) -> -c.world[1]));
		int i = 0;
		while (i < s.size()) {
			int j = i + 1;
			while (j < s.size() && s.get(j - 1).world[1] - s.get(j).world[1] <= gap_mm)
				j++;
			if (j - i >= 2) return new ArrayList<>(s.subList(i, j));
			i = j;
		}
		return new ArrayList<>();
	}
}
