package org.marrowj.pet;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.LabelSlices;
import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;
import org.marrowj.morph.Mask;
import org.marrowj.morph.Morph;
import org.marrowj.morph.Parallel;
import org.marrowj.morph.Resample;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * PET uptake per region of a label map on any grid (typically the CT's), through world coordinates
 * ({@link PetCtMapping}: same frame of reference required, unless assume_aligned).
 * <p>
 * Method, per label id L (0 is background):
 * <ol>
 * <li>region = the label voxels equal to L (values rounded), optionally shrunk by {@code shrink_mm}
 * ({@link Morph#shrink}: keeps voxels whose centre is more than shrink_mm from the nearest voxel
 * outside the region) to keep clear of spill-over from neighbouring tissue;</li>
 * <li>the PET is sampled at the centre of every region voxel of the label grid by trilinear
 * interpolation ({@link Resample#linear}); centres outside the PET extent (voxel i covering
 * indices [i - 0.5, i + 0.5]) are not sampled and counted in {@code fraction_outside_fov};</li>
 * <li>suv_mean = mean of the samples, suv_sd = sqrt(sum (v - mean)^2 / (n - 1)) (sample standard
 * deviation, NaN for n = 1), suv_max = largest sample. Each label voxel weighs the same, so a fine
 * label grid gives the volume-weighted mean of the interpolated PET over the region;</li>
 * <li>suv_peak = the highest mean over a sphere of 1 cm^3 (radius (3 / (4 pi))^(1/3) cm =
 * {@value #PEAK_RADIUS_MM} mm) centred on a PET voxel of the region: the candidate centres are the
 * PET voxels that contain at least one region voxel centre (nearest PET voxel of each sample): the
 * region's PET voxels. The sphere mean is the plain mean of the region's PET voxels whose centres
 * lie within the radius of the candidate's centre (world distance), so the sphere is taken inside
 * the region and a hot neighbour (e.g. a tumour next to the femur) does not enter it. Computed on
 * the original PET voxels, not on the interpolated samples.</li>
 * </ol>
 * Values are in the PET's unit (SUV when the PET was converted with {@link PetSuv#toSuv}; the
 * column names say suv_ whatever the unit, and {@link Row#unit} names it). A region with no voxel,
 * none left after shrinking, or none inside the PET field of view has no values but a
 * {@link Row#status} that says why.
 */
public final class RegionalUptake {

	private RegionalUptake() {}

	/** Radius of the sphere of 1 cm^3: 10 x (3 / (4 pi))^(1/3) mm. */
	public static final double PEAK_RADIUS_MM = 6.203504908994001;

	public static final String OK = "ok";

	/** Parameters. */
	public static final class Settings {
		double shrink_mm = 0;
		boolean assume_aligned = false;

		/** Shrink each region by this many mm before measuring (0 = none). */
		public Settings shrink_mm(final double v) {
			if (!(v >= 0) || Double.isInfinite(v)) throw new BadInputException("shrink_mm", "must be 0 or a positive number, got " + v);
			shrink_mm = v;
			return this;
		}

		/** Accept PET and labels with different FrameOfReferenceUIDs as aligned. */
		public Settings assume_aligned(final boolean v) {
			assume_aligned = v;
			return this;
		}
	}

	/** One region's result. Values are null when the status is not {@value RegionalUptake#OK}. */
	public static final class Row {
		public final int label;
		public final String name;
		/** {@value RegionalUptake#OK}, or why the region has no values. */
		public final String status;
		/** Region voxels on the label grid (after shrinking). */
		public final long voxels;
		/** Region voxels whose centres lie in the PET field of view (the samples). */
		public final long voxels_in_fov;
		/** Fraction of the region's voxels outside the PET field of view (0..1). */
		public final double fraction_outside_fov;
		/** Region volume (after shrinking), mL. */
		public final double volume_ml;
		public final Double suv_mean, suv_sd, suv_max, suv_peak;
		/** Unit of the values (the PET's). */
		public final String unit;
		public final double shrink_mm;

		Row(final int label, final String name, final String status, final long voxels, final long inFov, final double volume_ml,
			final Double mean, final Double sd, final Double max, final Double peak, final String unit, final double shrink_mm)
		{
			this.label = label;
			this.name = name;
			this.status = status;
			this.voxels = voxels;
			this.voxels_in_fov = inFov;
			this.fraction_outside_fov = voxels == 0 ? 0 : (voxels - inFov) / (double) voxels;
			this.volume_ml = volume_ml;
			this.suv_mean = mean;
			this.suv_sd = sd;
			this.suv_max = max;
			this.suv_peak = peak;
			this.unit = unit;
			this.shrink_mm = shrink_mm;
		}

		public boolean ok() {
			return OK.equals(status);
		}

		/** Snake_case map for tables and JSON. */
		public Map<String, Object> toMap() {
			final Map<String, Object> m = new LinkedHashMap<>();
			m.put("label", label);
			m.put("name", name);
			m.put("status", status);
			m.put("voxels", voxels);
			m.put("voxels_in_fov", voxels_in_fov);
			m.put("fraction_outside_fov", fraction_outside_fov);
			m.put("volume_ml", volume_ml);
			m.put("suv_mean", suv_mean);
			m.put("suv_sd", suv_sd);
			m.put("suv_max", suv_max);
			m.put("suv_peak", suv_peak);
			m.put("unit", unit);
			m.put("shrink_mm", shrink_mm);
			return m;
		}

		@Override
		public String toString() {
			return "Row" + toMap();
		}
	}

	/** Rows in label order, and the mapping's warnings. */
	public static final class Result {
		private final List<Row> rows;
		private final List<String> warnings;

		Result(final List<Row> rows, final List<String> warnings) {
			this.rows = Collections.unmodifiableList(rows);
			this.warnings = Collections.unmodifiableList(warnings);
		}

		public List<Row> rows() {
			return rows;
		}

		/** The row of a label id, or null. */
		public Row row(final int label) {
			for (final Row r : rows)
				if (r.label == label) return r;
			return null;
		}

		public List<String> warnings() {
			return warnings;
		}
	}

	/**
	 * Uptake of every label present in {@code labels} and every label named in {@code names}.
	 *
	 * @param pet PET values (SUV, or Bq/mL) on the PET grid
	 * @param labels label ids on any grid sharing the PET's frame of reference
	 * @param names region names (may be null or empty: names label_&lt;id&gt;)
	 */
	public static <P extends RealType<P> & NativeType<P>, L extends RealType<L> & NativeType<L>> Result compute(final Volume<P> pet,
		final Volume<L> labels, final LabelTable names, final Settings settings)
	{
		final Settings s = settings == null ? new Settings() : settings;
		final LabelTable table = names == null ? LabelTable.empty() : names;
		final PetCtMapping mapping = new PetCtMapping(pet, labels, s.assume_aligned);
		final Map<Integer, long[]> boxes = boxes(labels);
		final TreeMap<Integer, long[]> all = new TreeMap<>(boxes);
		for (final int id : table.asMap().keySet())
			all.putIfAbsent(id, null);
		final List<Row> rows = new ArrayList<>();
		for (final Map.Entry<Integer, long[]> e : all.entrySet())
			rows.add(region(pet, labels, e.getKey(), table.name(e.getKey()), e.getValue(), s));
		final List<String> warnings = new ArrayList<>(mapping.warnings());
		for (final Row r : rows)
			if (r.ok() && r.fraction_outside_fov > 0) warnings.add(String.format(Locale.ROOT,
				"%s (label %d): %.1f%% of its voxels lie outside the PET field of view and are not measured", r.name, r.label,
				100 * r.fraction_outside_fov));
		return new Result(rows, warnings);
	}

	/** Bounding box {x0, y0, z0, x1, y1, z1} (exclusive ends) and voxel count of every label id != 0. */
	static <L extends RealType<L> & NativeType<L>> Map<Integer, long[]> boxes(final Volume<L> labels) {
		final RandomAccessibleInterval<L> img = labels.image();
		final int nx = labels.width(), ny = labels.height(), nz = labels.depth();
		@SuppressWarnings("unchecked")
		final Map<Integer, long[]>[] perSlice = new Map[nz];
		Parallel.forEach(nz, z -> {
			final Map<Integer, long[]> m = new TreeMap<>();
			final int[] row = new int[nx * ny];
			LabelSlices.read(img, z, row);
			long[] b = null;
			int last = 0;
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int v = row[x + nx * y];
					if (v == 0) continue;
					if (v != last || b == null) {
						final int yy = y, xx = x;
						b = m.computeIfAbsent(v, k -> new long[] { xx, yy, z, xx + 1, yy + 1, z + 1, 0 });
						last = v;
					}
					if (x < b[0]) b[0] = x;
					if (y < b[1]) b[1] = y;
					if (x + 1 > b[3]) b[3] = x + 1;
					if (y + 1 > b[4]) b[4] = y + 1;
					b[6]++;
				}
			perSlice[z] = m;
		});
		final Map<Integer, long[]> out = new TreeMap<>();
		for (final Map<Integer, long[]> m : perSlice)
			for (final Map.Entry<Integer, long[]> e : m.entrySet()) {
				final long[] b = e.getValue(), o = out.get(e.getKey());
				if (o == null) out.put(e.getKey(), b.clone());
				else {
					for (int d = 0; d < 3; d++) {
						o[d] = Math.min(o[d], b[d]);
						o[d + 3] = Math.max(o[d + 3], b[d + 3]);
					}
					o[6] += b[6];
				}
			}
		return out;
	}

	private static <P extends RealType<P> & NativeType<P>, L extends RealType<L> & NativeType<L>> Row region(final Volume<P> pet,
		final Volume<L> labels, final int label, final String name, final long[] box, final Settings s)
	{
		final String unit = pet.valueUnit();
		final Geometry lg = labels.geometry();
		if (box == null) return new Row(label, name, "no voxels with this label in the label map", 0, 0, 0, null, null, null, null,
			unit, s.shrink_mm);
		final int bx = (int) (box[3] - box[0]), by = (int) (box[4] - box[1]), bz = (int) (box[5] - box[2]);
		Mask mask = new Mask(bx, by, bz);
		final byte[] md = mask.data();
		final RandomAccessibleInterval<L> img = labels.image();
		final long[] min = img.minAsLongArray();
		Parallel.forEach(bz, z -> {
			final RandomAccess<L> ra = img.randomAccess();
			for (int y = 0; y < by; y++) {
				ra.setPosition(new long[] { min[0] + box[0], min[1] + box[1] + y, min[2] + box[2] + z });
				for (int x = 0; x < bx; x++, ra.fwd(0))
					if (Math.round(ra.get().getRealDouble()) == label) md[x + bx * (y + by * z)] = 1;
			}
		});
		final long before = box[6];
		if (s.shrink_mm > 0) mask = Morph.shrink(mask, s.shrink_mm, lg.spacing());
		final long voxels = mask.count();
		final double volume_ml = voxels * lg.voxelVolume_mm3() / 1000.0;
		if (voxels == 0) return new Row(label, name, String.format(Locale.ROOT,
			"no voxels left after shrinking by %s mm (%d before)", fmt(s.shrink_mm), before), 0, 0, 0, null, null, null, null, unit,
			s.shrink_mm);
		final Geometry bg = lg.crop(box[0], box[1], box[2]);
		final Resample.Result<FloatType> sampled = Resample.linear(pet, bg, new int[] { bx, by, bz }, Float.NaN);
		final float[] v = ((net.imglib2.img.array.ArrayImg<FloatType, net.imglib2.img.basictypeaccess.array.FloatArray>) sampled.volume()
			.image()).update(null).getCurrentStorageArray();
		final byte[] out = sampled.outside().data();
		final byte[] m = mask.data();
		long n = 0;
		double sum = 0, max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < m.length; i++)
			if (m[i] != 0 && out[i] == 0) {
				n++;
				sum += v[i];
				max = Math.max(max, v[i]);
			}
		if (n == 0) return new Row(label, name, "outside the PET field of view", voxels, 0, volume_ml, null, null, null, null, unit,
			s.shrink_mm);
		final double mean = sum / n;
		double ss = 0;
		for (int i = 0; i < m.length; i++)
			if (m[i] != 0 && out[i] == 0) ss += (v[i] - mean) * (v[i] - mean);
		final double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
		final double peak = peak(pet, candidates(pet.geometry(), pet.dimensions(), bg, mask, out));
		return new Row(label, name, OK, voxels, n, volume_ml, mean, sd, max, peak, unit, s.shrink_mm);
	}

	/**
	 * PET voxels (flat index x + nx (y + ny z)) that contain the centre of a region voxel inside the
	 * PET extent: the nearest PET voxel of each such centre.
	 */
	static BitSet candidates(final Geometry pg, final long[] pd, final Geometry bg, final Mask mask, final byte[] outside) {
		final int bx = mask.nx(), by = mask.ny(), bz = mask.nz();
		final double[] a = Resample.indexAffine(bg, pg);
		final byte[] m = mask.data();
		final BitSet set = new BitSet();
		for (int z = 0; z < bz; z++)
			for (int y = 0; y < by; y++)
				for (int x = 0; x < bx; x++) {
					final int i = x + bx * (y + by * z);
					if (m[i] == 0 || outside[i] != 0) continue;
					final long[] p = new long[3];
					for (int r = 0; r < 3; r++) {
						final double u = a[4 * r] * x + a[4 * r + 1] * y + a[4 * r + 2] * z + a[4 * r + 3];
						p[r] = Math.max(0, Math.min(pd[r] - 1, (long) Math.floor(u + 0.5)));
					}
					set.set((int) (p[0] + pd[0] * (p[1] + pd[1] * p[2])));
				}
		return set;
	}

	/** Integer PET index offsets whose centres lie within {@link #PEAK_RADIUS_MM} of the origin voxel's centre. */
	static int[][] sphereOffsets(final Geometry pg) {
		final double[] sp = pg.spacing(), inv = pg.inverse();
		final int[] reach = new int[3];
		for (int r = 0; r < 3; r++) {
			final double row = Math.sqrt(inv[3 * r] * inv[3 * r] + inv[3 * r + 1] * inv[3 * r + 1] + inv[3 * r + 2] * inv[3 * r + 2]);
			reach[r] = (int) Math.ceil(PEAK_RADIUS_MM * row / sp[r]) + 1;
		}
		final double[] o = pg.indexToWorld(0, 0, 0);
		final double r2 = PEAK_RADIUS_MM * PEAK_RADIUS_MM;
		final List<int[]> list = new ArrayList<>();
		final double[] w = new double[3];
		for (int dz = -reach[2]; dz <= reach[2]; dz++)
			for (int dy = -reach[1]; dy <= reach[1]; dy++)
				for (int dx = -reach[0]; dx <= reach[0]; dx++) {
					pg.indexToWorld(dx, dy, dz, w);
					final double d2 = (w[0] - o[0]) * (w[0] - o[0]) + (w[1] - o[1]) * (w[1] - o[1]) + (w[2] - o[2]) * (w[2] - o[2]);
					if (d2 <= r2 * (1 + 1e-12)) list.add(new int[] { dx, dy, dz });
				}
		return list.toArray(new int[0][]);
	}

	/** Highest sphere mean over the candidate centres (see the class comment). */
	static <P extends RealType<P> & NativeType<P>> double peak(final Volume<P> pet, final BitSet candidates) {
		final int[][] off = sphereOffsets(pet.geometry());
		final long[] pd = pet.dimensions();
		final long[] min = pet.image().minAsLongArray();
		final int[] c = candidates.stream().toArray();
		final double[] best = new double[c.length];
		Parallel.forBlocks(c.length, 64, (from, to) -> {
			final RandomAccess<P> ra = pet.image().randomAccess();
			final long[] pos = new long[3];
			for (int k = from; k < to; k++) {
				final long i = c[k];
				final long x = i % pd[0], y = (i / pd[0]) % pd[1], z = i / (pd[0] * pd[1]);
				double sum = 0;
				int n = 0;
				for (final int[] o : off) {
					final long px = x + o[0], py = y + o[1], pz = z + o[2];
					if (px < 0 || py < 0 || pz < 0 || px >= pd[0] || py >= pd[1] || pz >= pd[2]) continue;
					if (!candidates.get((int) (px + pd[0] * (py + pd[1] * pz)))) continue; // only the region's PET voxels
					pos[0] = px + min[0];
					pos[1] = py + min[1];
					pos[2] = pz + min[2];
					ra.setPosition(pos);
					final double v = ra.get().getRealDouble();
					if (Double.isNaN(v)) continue;
					sum += v;
					n++;
				}
				best[k] = n == 0 ? Double.NEGATIVE_INFINITY : sum / n;
			}
		});
		double b = Double.NEGATIVE_INFINITY;
		for (final double v : best)
			b = Math.max(b, v);
		return b;
	}

	private static String fmt(final double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}
}
