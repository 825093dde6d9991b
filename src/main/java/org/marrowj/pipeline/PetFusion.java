package org.marrowj.pipeline;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.io.QcImages;
import org.marrowj.morph.Mask;
import org.marrowj.morph.Resample;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * PET fused on CT for QC pictures: the CT in grey (window {@link MarrowQc#LEVEL_HU} /
 * {@link MarrowQc#WIDTH_HU}), the SUV resampled onto the CT plane by world coordinates (trilinear,
 * {@link Resample#linear}, as {@code PetCtMapping.petOnGrid}) in a hot colour table from suv_min
 * (transparent) to suv_max (white), blended with {@code opacity}: rgb = (1 - opacity) x grey +
 * opacity x hot(t), t = (SUV - suv_min) / (suv_max - suv_min) clipped to [0, 1], only where SUV &gt;
 * suv_min; region outlines drawn on top. Only the drawn planes are resampled.
 */
public final class PetFusion {

	private PetFusion() {}

	/** Hot colour table: black, red, yellow, white for t = 0, 1/3, 2/3, 1. */
	public static int hot(final double t) {
		final double u = t < 0 ? 0 : t > 1 ? 1 : t;
		final int r = c(3 * u), g = c(3 * u - 1), b = c(3 * u - 2);
		return (r << 16) | (g << 8) | b;
	}

	private static int c(final double v) {
		return (int) Math.round(255 * (v < 0 ? 0 : v > 1 ? 1 : v));
	}

	/** Checks suv_min &lt; suv_max and 0 &lt;= opacity &lt;= 1. */
	public static void check(final double suvMin, final double suvMax, final double opacity) {
		if (!Double.isFinite(suvMin) || !Double.isFinite(suvMax) || !(suvMax > suvMin))
			throw new BadInputException("suv_max", "must be larger than suv_min (" + suvMin + "), got " + suvMax);
		if (!(opacity >= 0 && opacity <= 1)) throw new BadInputException("opacity", "must be in [0, 1], got " + opacity);
	}

	/** The SUV on a plane of the CT grid: {@code dims} voxels from index (x0, y0, z0); NaN outside the PET. */
	public static float[] plane(final Volume<FloatType> suv, final Geometry ct, final long x0, final long y0, final long z0,
		final int[] dims)
	{
		final Resample.Result<FloatType> r = Resample.linear(suv, ct.crop(x0, y0, z0), dims, Float.NaN);
		@SuppressWarnings("unchecked")
		final ArrayImg<FloatType, FloatArray> img = (ArrayImg<FloatType, FloatArray>) r.volume().image();
		return img.update(null).getCurrentStorageArray();
	}

	private static int blend(final int grey, final float suv, final double lo, final double hi, final double opacity) {
		if (!(suv > lo)) return grey;
		final int h = hot((suv - lo) / (hi - lo));
		int out = 0;
		for (int s = 16; s >= 0; s -= 8) {
			final double v = (1 - opacity) * ((grey >> s) & 255) + opacity * ((h >> s) & 255);
			out |= Math.min(255, (int) Math.round(v)) << s;
		}
		return out;
	}

	/** Axial fusion of CT slice z. */
	public static BufferedImage axial(final Volume<?> ct, final Volume<FloatType> suv, final int z, final double suvMin,
		final double suvMax, final double opacity, final List<QcImages.Outline> outlines)
	{
		final BufferedImage img = QcImages.axialGrey(ct, z, MarrowQc.LEVEL_HU, MarrowQc.WIDTH_HU);
		final int nx = ct.width(), ny = ct.height();
		final float[] p = plane(suv, ct.geometry(), 0, 0, z, new int[] { nx, ny, 1 });
		for (int y = 0; y < ny; y++)
			for (int x = 0; x < nx; x++)
				img.setRGB(x, y, blend(img.getRGB(x, y) & 0xFFFFFF, p[x + nx * y], suvMin, suvMax, opacity));
		QcImages.outlineAxial(img, z, outlines);
		return img;
	}

	/** Coronal fusion of CT row y (z upwards, stretched to square mm pixels as {@link QcImages#coronal}). */
	public static BufferedImage coronal(final Volume<?> ct, final Volume<FloatType> suv, final int y, final double suvMin,
		final double suvMax, final double opacity, final List<QcImages.Outline> outlines)
	{
		final BufferedImage img = QcImages.coronalGrey(ct, y, MarrowQc.LEVEL_HU, MarrowQc.WIDTH_HU);
		final int nx = ct.width(), nz = ct.depth(), rep = QcImages.coronalRowsPerSlice(ct);
		final float[] p = plane(suv, ct.geometry(), 0, y, 0, new int[] { nx, 1, nz });
		for (int z = 0; z < nz; z++) {
			final int row0 = QcImages.coronalRow(ct, z);
			for (int x = 0; x < nx; x++)
				for (int r = 0; r < rep; r++)
					img.setRGB(x, row0 + r, blend(img.getRGB(x, row0 + r) & 0xFFFFFF, p[x + nx * z], suvMin, suvMax, opacity));
		}
		QcImages.outlineCoronal(img, ct, y, outlines);
		return img;
	}

	/** A region to outline and where to cut through it. */
	public static final class Region {
		final String name;
		final Mask fullMask;
		final int z, y;

		/** @param fullMask the region's mask on the whole CT grid */
		public Region(final String name, final Mask fullMask) {
			this.name = name;
			this.fullMask = fullMask;
			final int nx = fullMask.nx(), ny = fullMask.ny(), nz = fullMask.nz();
			final byte[] d = fullMask.data();
			final long[] perZ = new long[nz];
			double sy = 0;
			long n = 0;
			for (int z = 0; z < nz; z++)
				for (int yy = 0; yy < ny; yy++)
					for (int x = 0; x < nx; x++)
						if (d[x + nx * (yy + ny * z)] != 0) {
							perZ[z]++;
							sy += yy;
							n++;
						}
			int best = nz / 2;
			if (n > 0) {
				// the slice with most voxels among those nearest the centre slice
				double sz = 0;
				for (int z = 0; z < nz; z++)
					sz += z * (double) perZ[z];
				best = (int) Math.round(sz / n);
				if (perZ[best] == 0) for (int z = 0; z < nz; z++)
					if (perZ[z] > perZ[best]) best = z;
			}
			this.z = best;
			this.y = n > 0 ? (int) Math.round(sy / n) : ny / 2;
		}
	}

	/**
	 * Writes {@code pet_fusion_axial_<region>.png} (one per region, or {@code pet_fusion_axial.png} at
	 * the middle slice when there is none) and {@code pet_fusion_coronal.png} (through the first
	 * region's centre, or the middle row) into {@code dir}; returns the file names.
	 */
	public static List<String> write(final Volume<?> ct, final Volume<FloatType> suv, final List<Region> regions, final double suvMin,
		final double suvMax, final double opacity, final File dir) throws IOException
	{
		check(suvMin, suvMax, opacity);
		if (!dir.isDirectory() && !dir.mkdirs()) throw new BadInputException(dir, "cannot create the folder");
		final List<QcImages.Outline> outlines = new ArrayList<>();
		for (int i = 0; i < regions.size(); i++)
			outlines.add(new QcImages.Outline(regions.get(i).fullMask, QcImages.PALETTE[(i + 2) % QcImages.PALETTE.length]));
		final List<String> files = new ArrayList<>();
		if (regions.isEmpty()) {
			QcImages.writePng(MarrowQc.enlarge(axial(ct, suv, ct.depth() / 2, suvMin, suvMax, opacity, outlines)), new File(dir,
				"pet_fusion_axial.png"));
			files.add("pet_fusion_axial.png");
		}
		for (final Region r : regions) {
			final String f = "pet_fusion_axial_" + r.name.replaceAll("[^A-Za-z0-9_.-]+", "_").toLowerCase(Locale.ROOT) + ".png";
			QcImages.writePng(MarrowQc.enlarge(axial(ct, suv, r.z, suvMin, suvMax, opacity, outlines)), new File(dir, f));
			if (!files.contains(f)) files.add(f);
		}
		final int y = regions.isEmpty() ? ct.height() / 2 : regions.get(0).y;
		QcImages.writePng(MarrowQc.enlarge(coronal(ct, suv, y, suvMin, suvMax, opacity, outlines)), new File(dir,
			"pet_fusion_coronal.png"));
		files.add("pet_fusion_coronal.png");
		return files;
	}

	/**
	 * The regions of a label map as outlines on the CT grid (another grid is carried over by the nearest
	 * label in world coordinates), one per label id in increasing order, named by {@code table}.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static List<Region> regions(final Volume<?> ct, final Volume<?> labels, final org.marrowj.image.LabelTable table) {
		final int nx = ct.width(), ny = ct.height(), nz = ct.depth();
		final Resample.Result<net.imglib2.type.numeric.integer.IntType> r = Resample.nearestLabels((Volume) labels, ct.geometry(),
			new int[] { nx, ny, nz }, 0);
		final java.util.TreeMap<Integer, Mask> masks = new java.util.TreeMap<>();
		final net.imglib2.Cursor<net.imglib2.type.numeric.integer.IntType> c = net.imglib2.view.Views.flatIterable(r.volume().image())
			.cursor();
		int i = 0;
		while (c.hasNext()) {
			final int v = c.next().get();
			if (v != 0) masks.computeIfAbsent(v, k -> new Mask(nx, ny, nz)).data()[i] = 1;
			i++;
		}
		final List<Region> out = new ArrayList<>();
		masks.forEach((id, m) -> out.add(new Region(table == null ? "label_" + id : table.name(id), m)));
		return out;
	}
}
