package org.marrowj.io;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

/**
 * Assembles a DICOM series (a folder, one file, or a list of files) into one {@link Volume} of
 * floats with its geometry.
 * <p>
 * Slices are grouped by SeriesInstanceUID and sorted by their position along the slice normal
 * {@code n = rowCos x colCos} (ImageOrientationPatient 0020,0037): {@code p = dot(IPP, n)}
 * (ImagePositionPatient 0020,0032). The slice spacing comes from these positions, never from
 * SliceThickness. Geometry: spacing = (PixelSpacing[1], PixelSpacing[0], slice spacing) (PixelSpacing
 * 0028,0030 is "row spacing \ column spacing"), origin = IPP of the first sorted slice, direction
 * columns = rowCos, colCos, n (the slice offset direction when the gantry is tilted).
 * <p>
 * Values: stored x RescaleSlope + RescaleIntercept of each slice; unit HU for CT, Units (0054,1001)
 * for PET (BQML = Bq/mL, GML = SUV, CNTS = counts), unknown for other modalities.
 */
public final class DicomSeriesReader {

	private DicomSeriesReader() {}

	/** Relative tolerance of slice spacing uniformity. */
	static final double SPACING_REL_TOL = 0.01;
	/** Absolute tolerance of slice spacing uniformity, mm. */
	static final double SPACING_ABS_TOL_MM = 0.01;

	/**
	 * @param path a folder (every DICOM file in it, not its subfolders; other files are ignored), or
	 *        one DICOM file (that slice alone)
	 * @param seriesInstanceUid the series to read when the files hold several, or null
	 * @throws BadInputException naming the file or folder and the problem
	 */
	public static DicomSeries read(final File path, final String seriesInstanceUid) {
		if (path == null) throw new BadInputException((String) null, "no DICOM file or folder given");
		if (!path.exists()) throw new BadInputException(path, "no such file or folder");
		if (!path.isDirectory()) return read(path, Arrays.asList(path), seriesInstanceUid, 0);
		final File[] all = path.listFiles();
		if (all == null) throw new BadInputException(path, "cannot list the folder");
		Arrays.sort(all);
		final List<File> dicom = new ArrayList<>();
		int others = 0;
		for (final File f : all) {
			if (!f.isFile()) continue;
			if (DicomFile.isDicom(f)) dicom.add(f);
			else others++;
		}
		if (dicom.isEmpty())
			throw new BadInputException(path, all.length == 0 ? "empty folder: no DICOM image" : "no DICOM file in the folder (" + others +
				" other files" + (all.length > others ? ", subfolders are not searched" : "") + ")");
		return read(path, dicom, seriesInstanceUid, others);
	}

	/**
	 * Reads the given files (each must be DICOM).
	 *
	 * @param seriesInstanceUid the series to read when the files hold several, or null
	 */
	public static DicomSeries read(final List<File> files, final String seriesInstanceUid) {
		if (files == null || files.isEmpty()) throw new BadInputException((String) null, "no DICOM files given");
		final File first = files.get(0);
		final File parent = first.getAbsoluteFile().getParentFile();
		boolean sameFolder = parent != null;
		for (final File f : files)
			sameFolder &= parent != null && parent.equals(f.getAbsoluteFile().getParentFile());
		return read(files.size() == 1 ? first : sameFolder ? parent : first, files, seriesInstanceUid, 0);
	}

	private static DicomSeries read(final File subject, final List<File> files, final String uid, final int ignored) {
		final List<DicomHeader> all = parallel(files.size(), i -> DicomFile.readHeader(files.get(i)));
		final List<DicomHeader> images = new ArrayList<>();
		for (final DicomHeader h : all)
			if (h.hasPixelData()) images.add(h);
		if (images.isEmpty()) {
			if (files.size() == 1 && !subject.isDirectory()) DicomFile.checkDecodable(all.get(0)); // names the file and the problem
			throw new BadInputException(subject, "no DICOM image: " + all.size() + " DICOM file" + (all.size() == 1 ? "" : "s") +
				" without PixelData (7FE0,0010)" + (ignored > 0 ? ", " + ignored + " other files" : ""));
		}
		final Map<String, List<DicomHeader>> bySeries = new LinkedHashMap<>();
		for (final DicomHeader h : images)
			bySeries.computeIfAbsent(h.seriesInstanceUid(), k -> new ArrayList<>()).add(h);
		final List<DicomHeader> chosen;
		if (uid != null && !uid.trim().isEmpty()) {
			chosen = bySeries.get(uid.trim());
			if (chosen == null)
				throw new BadInputException(subject, "no series with SeriesInstanceUID " + uid.trim() + "; series found: " + listSeries(bySeries));
		}
		else if (bySeries.size() > 1)
			throw new BadInputException(subject, bySeries.size() + " series in one folder; name the one to read (its SeriesInstanceUID): " +
				listSeries(bySeries));
		else chosen = bySeries.values().iterator().next();
		return assemble(subject, chosen);
	}

	private static String listSeries(final Map<String, List<DicomHeader>> bySeries) {
		final StringBuilder sb = new StringBuilder();
		for (final Map.Entry<String, List<DicomHeader>> e : bySeries.entrySet()) {
			if (sb.length() > 0) sb.append("; ");
			final DicomHeader h = e.getValue().get(0);
			sb.append(e.getKey().isEmpty() ? "(no SeriesInstanceUID)" : e.getKey()).append(" (").append(h.modality().isEmpty() ? "?" : h.modality())
				.append(", '").append(h.getString(DicomTag.SERIES_DESCRIPTION, "")).append("', ").append(e.getValue().size())
				.append(e.getValue().size() == 1 ? " slice)" : " slices)");
		}
		return sb.toString();
	}

	private static final class Slice {

		final DicomHeader h;
		final double[] ipp;
		final double position;

		Slice(final DicomHeader h, final double[] ipp, final double position) {
			this.h = h;
			this.ipp = ipp;
			this.position = position;
		}
	}

	private static DicomSeries assemble(final File subject, final List<DicomHeader> headers) {
		final String src = subject.getPath();
		final List<String> warnings = new ArrayList<>();
		final DicomHeader first = headers.get(0);
		for (final DicomHeader h : headers)
			DicomFile.checkDecodable(h);
		final int cols = first.columns(), rows = first.rows();
		for (final DicomHeader h : headers)
			if (h.columns() != cols || h.rows() != rows)
				throw new BadInputException(src, "inconsistent image size in one series: " + name(first) + " is " + cols + "x" + rows + ", " +
					name(h) + " is " + h.columns() + "x" + h.rows());

		// orientation
		final double[] iop = first.getDoubles(DicomTag.IMAGE_ORIENTATION_PATIENT);
		double[] rowCos = { 1, 0, 0 }, colCos = { 0, 1, 0 };
		if (iop == null) {
			if (headers.size() > 1)
				throw new BadInputException(first.source(), "ImageOrientationPatient (0020,0037) is missing: the slices cannot be placed");
			warnings.add("ImageOrientationPatient (0020,0037) is missing: axis-aligned orientation assumed");
		}
		else {
			if (iop.length != 6)
				throw new BadInputException(first.source(), "ImageOrientationPatient (0020,0037) has " + iop.length + " values, not 6");
			rowCos = normalise(Arrays.copyOfRange(iop, 0, 3), first, "row");
			colCos = normalise(Arrays.copyOfRange(iop, 3, 6), first, "column");
			if (Math.abs(dot(rowCos, colCos)) > 1e-3)
				throw new BadInputException(first.source(), "ImageOrientationPatient (0020,0037) row and column directions are not perpendicular: " +
					first.getString(DicomTag.IMAGE_ORIENTATION_PATIENT));
			for (final DicomHeader h : headers) {
				final double[] o = h.getDoubles(DicomTag.IMAGE_ORIENTATION_PATIENT);
				boolean same = o != null && o.length == 6;
				for (int i = 0; same && i < 6; i++)
					same = Math.abs(o[i] - iop[i]) <= 1e-4;
				if (!same)
					throw new BadInputException(src, "inconsistent ImageOrientationPatient in one series: " + name(first) + " has " +
						first.getString(DicomTag.IMAGE_ORIENTATION_PATIENT) + ", " + name(h) + " has " + h.getString(DicomTag.IMAGE_ORIENTATION_PATIENT));
			}
		}
		final double[] normal = cross(rowCos, colCos);

		// pixel spacing
		final double[] ps = first.getDoubles(DicomTag.PIXEL_SPACING);
		double sx = 1, sy = 1;
		if (ps == null) warnings.add("PixelSpacing (0028,0030) is missing: 1 mm pixels assumed");
		else {
			if (ps.length != 2 || !(ps[0] > 0) || !(ps[1] > 0))
				throw new BadInputException(first.source(), "bad PixelSpacing (0028,0030): " + first.getString(DicomTag.PIXEL_SPACING));
			sy = ps[0]; // distance between rows
			sx = ps[1]; // distance between columns
			for (final DicomHeader h : headers) {
				final double[] p = h.getDoubles(DicomTag.PIXEL_SPACING);
				if (p == null || p.length != 2 || Math.abs(p[0] - ps[0]) > 1e-4 * ps[0] || Math.abs(p[1] - ps[1]) > 1e-4 * ps[1])
					throw new BadInputException(src, "inconsistent PixelSpacing in one series: " + name(first) + " has " +
						first.getString(DicomTag.PIXEL_SPACING) + ", " + name(h) + " has " + h.getString(DicomTag.PIXEL_SPACING));
			}
		}

		// positions, sorted along the normal
		final List<Slice> slices = new ArrayList<>();
		for (final DicomHeader h : headers) {
			double[] ipp = h.getDoubles(DicomTag.IMAGE_POSITION_PATIENT);
			if (ipp == null) {
				if (headers.size() > 1)
					throw new BadInputException(h.source(), "ImagePositionPatient (0020,0032) is missing: the slice cannot be placed");
				warnings.add("ImagePositionPatient (0020,0032) is missing: origin (0,0,0) assumed");
				ipp = new double[3];
			}
			if (ipp.length != 3)
				throw new BadInputException(h.source(), "ImagePositionPatient (0020,0032) has " + ipp.length + " values, not 3");
			slices.add(new Slice(h, ipp, dot(ipp, normal)));
		}
		slices.sort(Comparator.comparingDouble((Slice s) -> s.position).thenComparingInt(s -> s.h.getInt(DicomTag.INSTANCE_NUMBER, 0)));
		removeDuplicates(src, slices, warnings);
		final int nz = slices.size();

		// slice spacing and direction
		double[] sliceDir = normal;
		double sz;
		if (nz == 1) {
			final DicomHeader h = slices.get(0).h;
			final Double between = positiveOrNull(h, DicomTag.SPACING_BETWEEN_SLICES);
			final Double thick = positiveOrNull(h, DicomTag.SLICE_THICKNESS);
			if (between != null) {
				sz = between;
				warnings.add("single slice: slice spacing " + fmt(sz) + " mm from SpacingBetweenSlices (0018,0088)");
			}
			else if (thick != null) {
				sz = thick;
				warnings.add("single slice: slice spacing " + fmt(sz) + " mm from SliceThickness (0018,0050)");
			}
			else {
				sz = 1;
				warnings.add("single slice without SpacingBetweenSlices or SliceThickness: slice spacing 1 mm assumed");
			}
		}
		else {
			final double[] p = new double[nz];
			for (int z = 0; z < nz; z++)
				p[z] = slices.get(z).position;
			sz = sliceSpacing(p, warnings);
			sliceDir = tilt(src, slices, normal, Math.min(sx, sy), warnings);
			if (sliceDir != normal) sz *= norm(sliceDir);
			sliceDir = normalise(sliceDir, first, "slice");
		}

		final double[] origin = slices.get(0).ipp.clone();
		final double[] dir = new double[9];
		for (int r = 0; r < 3; r++) {
			dir[3 * r] = rowCos[r] + 0.0;
			dir[3 * r + 1] = colCos[r] + 0.0;
			dir[3 * r + 2] = sliceDir[r] + 0.0;
		}
		final Geometry geometry = new Geometry(new double[] { sx, sy, sz }, origin, dir);

		// values
		final String modality = first.modality().trim().toUpperCase(Locale.ROOT);
		final String unit = unit(src, modality, slices, warnings);
		final double[] slopes = new double[nz], intercepts = new double[nz];
		boolean rescaleMissing = false;
		for (int z = 0; z < nz; z++) {
			final DicomHeader h = slices.get(z).h;
			rescaleMissing |= !h.contains(DicomTag.RESCALE_SLOPE) && !h.contains(DicomTag.RESCALE_INTERCEPT);
			slopes[z] = h.getDouble(DicomTag.RESCALE_SLOPE, 1);
			intercepts[z] = h.getDouble(DicomTag.RESCALE_INTERCEPT, 0);
		}
		if (rescaleMissing && "CT".equals(modality))
			warnings.add("RescaleSlope/RescaleIntercept (0028,1053/1052) missing on some slices: their stored values are taken as HU");

		Limits.checkAllocation(src, new long[] { cols, rows, nz }, 4);
		final PlanarImg<FloatType, FloatArray> img = PlanarImgs.floats(cols, rows, nz);
		parallel(nz, z -> {
			DicomFile.readPixels(slices.get(z).h, img.getPlane(z).getCurrentStorageArray(), slopes[z], intercepts[z]);
			return null;
		});

		final Map<String, String> props = new LinkedHashMap<>();
		props.put("Modality", modality);
		props.put("SeriesInstanceUID", first.seriesInstanceUid());
		props.put("FrameOfReferenceUID", first.getString(DicomTag.FRAME_OF_REFERENCE_UID, ""));
		props.put("SeriesDescription", first.getString(DicomTag.SERIES_DESCRIPTION, ""));
		props.put("StudyInstanceUID", first.getString(DicomTag.STUDY_INSTANCE_UID, ""));
		props.put("Manufacturer", first.getString(DicomTag.MANUFACTURER, ""));
		props.put("source", src);
		final Volume<FloatType> volume = new Volume<>(img, geometry, unit, modality, props);
		final List<DicomHeader> sorted = new ArrayList<>();
		final double[] positions = new double[nz];
		for (int z = 0; z < nz; z++) {
			sorted.add(slices.get(z).h);
			positions[z] = slices.get(z).position;
		}
		return new DicomSeries(volume, sorted, positions, slopes, intercepts, warnings);
	}

	/** Drops repeated copies of one instance; refuses distinct slices at one position. */
	private static void removeDuplicates(final String src, final List<Slice> slices, final List<String> warnings) {
		for (int i = 1; i < slices.size(); i++) {
			final Slice a = slices.get(i - 1), b = slices.get(i);
			if (Math.abs(b.position - a.position) > 1e-3) continue;
			final String ua = a.h.getString(DicomTag.SOP_INSTANCE_UID, ""), ub = b.h.getString(DicomTag.SOP_INSTANCE_UID, "");
			if (!ua.isEmpty() && ua.equals(ub) && distance(a.ipp, b.ipp) <= 1e-3) {
				warnings.add("duplicate copy of one slice ignored: " + name(b.h) + " repeats " + name(a.h) + " (SOPInstanceUID " + ua + ")");
				slices.remove(i--);
				continue;
			}
			int count = 2;
			while (i + count - 1 < slices.size() && Math.abs(slices.get(i + count - 1).position - a.position) <= 1e-3)
				count++;
			throw new BadInputException(src, "duplicate slice positions: " + (count - 1) + " slices at position " + fmt(a.position) +
				" mm along the normal (" + name(a.h) + ", " + name(b.h) + (count > 2 ? ", ..." : "") +
				"); several acquisitions or time frames in one series are not supported: split them into separate folders");
		}
	}

	/**
	 * The slice spacing from sorted positions: the median of consecutive differences, with warnings
	 * for missing slices (a gap close to k x the median, k &gt;= 2) and non-uniform spacing
	 * (|difference - median| &gt; max(0.01 mm, 1% of the median)).
	 */
	static double sliceSpacing(final double[] p, final List<String> warnings) {
		final int n = p.length;
		final double[] d = new double[n - 1];
		for (int i = 0; i < n - 1; i++)
			d[i] = p[i + 1] - p[i];
		final double[] sorted = d.clone();
		Arrays.sort(sorted);
		final double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
		final double tol = Math.max(SPACING_ABS_TOL_MM, SPACING_REL_TOL * median);
		final double min = sorted[0], max = sorted[sorted.length - 1];
		if (max - median <= tol && median - min <= tol) return (p[n - 1] - p[0]) / (n - 1);
		final List<String> gaps = new ArrayList<>();
		for (int i = 0; i < n - 1; i++) {
			final long k = Math.round(d[i] / median);
			if (k >= 2 && Math.abs(d[i] - k * median) <= tol * k)
				gaps.add("between slices " + i + " and " + (i + 1) + " (positions " + fmt(p[i]) + " and " + fmt(p[i + 1]) + " mm): gap of " +
					fmt(d[i]) + " mm = " + k + " x " + fmt(median) + " mm, " + (k - 1) + " slice" + (k > 2 ? "s" : "") + " missing");
		}
		if (!gaps.isEmpty()) warnings.add("missing slices " + String.join("; ", gaps));
		warnings.add("non-uniform slice spacing: min " + fmt(min) + " mm, max " + fmt(max) + " mm; the volume uses the typical (median) " +
			fmt(median) + " mm, so positions beyond an irregular gap are off by the difference (exact positions: slicePositions_mm)");
		return median;
	}

	/**
	 * The slice offset direction (not normalised; its component along the normal is 1): the normal
	 * itself when the slices are stacked along it, else the normal plus the in-plane offset per mm
	 * along the normal (gantry tilt), with a warning. Refuses slices that do not lie on a line.
	 */
	private static double[] tilt(final String src, final List<Slice> slices, final double[] normal, final double pixel_mm,
		final List<String> warnings)
	{
		final Slice a = slices.get(0), b = slices.get(slices.size() - 1);
		final double dp = b.position - a.position;
		final double[] t = new double[3];
		for (int r = 0; r < 3; r++)
			t[r] = (b.ipp[r] - a.ipp[r] - dp * normal[r]) / dp; // in-plane offset per mm along the normal
		double worst = 0;
		for (final Slice s : slices) {
			final double dpi = s.position - a.position;
			double r2 = 0;
			for (int r = 0; r < 3; r++) {
				final double e = s.ipp[r] - a.ipp[r] - dpi * normal[r] - dpi * t[r];
				r2 += e * e;
			}
			worst = Math.max(worst, Math.sqrt(r2));
		}
		if (worst > Math.max(0.01, 0.05 * pixel_mm))
			throw new BadInputException(src, "the slices do not lie on a line: ImagePositionPatient deviates up to " + fmt(worst) +
				" mm from the line through the first and last slice (mixed stacks in one series?)");
		final double shift = norm(t) * Math.abs(dp);
		if (norm(t) <= 1e-4 || shift <= 0.01) return normal;
		final double angle = Math.toDegrees(Math.atan(norm(t)));
		warnings.add("gantry tilt of " + String.format(Locale.ROOT, "%.2f", angle) + " degrees: successive slices are offset in-plane by " +
			fmt(shift / (slices.size() - 1)) + " mm; the grid is sheared (its third axis follows the slice offsets, not the normal)");
		return new double[] { normal[0] + t[0], normal[1] + t[1], normal[2] + t[2] };
	}

	private static String unit(final String src, final String modality, final List<Slice> slices, final List<String> warnings) {
		if ("CT".equals(modality)) return Volume.HU;
		if (!"PT".equals(modality)) return Volume.UNKNOWN;
		final String u = slices.get(0).h.getString(DicomTag.UNITS, "").trim().toUpperCase(Locale.ROOT);
		for (final Slice s : slices) {
			final String v = s.h.getString(DicomTag.UNITS, "").trim().toUpperCase(Locale.ROOT);
			if (!v.equals(u))
				throw new BadInputException(src, "inconsistent Units (0054,1001) in one PET series: " + name(slices.get(0).h) + " has '" + u + "', " +
					name(s.h) + " has '" + v + "'");
		}
		switch (u) {
		case "BQML": return Volume.BQML;
		case "GML": return Volume.SUV;
		case "CNTS": return "counts";
		case "":
			warnings.add("PET series without Units (0054,1001): unit unknown");
			return Volume.UNKNOWN;
		default: return u;
		}
	}

	private static Double positiveOrNull(final DicomHeader h, final int tag) {
		try {
			final Double v = h.getDoubleOrNull(tag);
			return v != null && v > 0 ? v : null;
		}
		catch (final BadInputException e) {
			return null;
		}
	}

	private static <T> List<T> parallel(final int n, final IntFunction<T> task) {
		final int threads = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors()));
		final List<T> out = new ArrayList<>(n);
		if (threads == 1) {
			for (int i = 0; i < n; i++)
				out.add(task.apply(i));
			return out;
		}
		final ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
			final Thread t = new Thread(r, "marrowj-dicom");
			t.setDaemon(true);
			return t;
		});
		try {
			final List<Future<T>> futures = new ArrayList<>(n);
			for (int i = 0; i < n; i++) {
				final int k = i;
				futures.add(pool.submit(() -> task.apply(k)));
			}
			for (final Future<T> f : futures)
				out.add(f.get());
			return out;
		}
		catch (final ExecutionException e) {
			final Throwable c = e.getCause();
			if (c instanceof RuntimeException) throw (RuntimeException) c;
			if (c instanceof Error) throw (Error) c;
			throw new IllegalStateException(c);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while reading DICOM files", e);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String name(final DicomHeader h) {
		return h.file().getName();
	}

	private static String fmt(final double v) {
		return String.format(Locale.ROOT, "%.3f", v);
	}

	private static double[] normalise(final double[] v, final DicomHeader h, final String what) {
		final double n = norm(v);
		if (!(n > 1e-6) || !Double.isFinite(n))
			throw new BadInputException(h.source(), "ImageOrientationPatient (0020,0037): " + what + " direction has zero length");
		return new double[] { v[0] / n, v[1] / n, v[2] / n };
	}

	private static double dot(final double[] a, final double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	private static double norm(final double[] a) {
		return Math.sqrt(dot(a, a));
	}

	private static double distance(final double[] a, final double[] b) {
		return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
	}

	private static double[] cross(final double[] a, final double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}
}
