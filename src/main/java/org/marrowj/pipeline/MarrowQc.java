package org.marrowj.pipeline;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.marrowj.image.Volume;
import org.marrowj.io.QcImages;
import org.marrowj.marrow.MarrowRegion;
import org.marrowj.morph.Mask;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Quality-control pictures of a subject's marrow regions: CT in a bone window (level
 * {@link #LEVEL_HU}, width {@link #WIDTH_HU}), each region outlined (in-plane edge voxels of the
 * region) in its own colour ({@link QcImages#PALETTE}, in label-map id order):
 * <ul>
 * <li>{@code axial_<id>_<region>.png}: the axial slice through the region's centroid (or, when that
 * slice misses it, its largest slice), every region outlined: the whole slice and, beside it, a zoom
 * on the region ({@link #ZOOM_MARGIN_MM} around it);</li>
 * <li>{@code coronal.png}: the coronal slice through the voxel-weighted centroid of all regions;
 * {@code sagittal.png} (vertebral and label sites) likewise through their centroid; both limited
 * across to the regions' extent + {@link #VIEW_MARGIN_MM};</li>
 * <li>{@code overview.png}: all of the above side by side with a legend.</li>
 * </ul>
 * Axial slices are drawn as stored (index x to the right, y down; for DICOM LPS grids the patient's
 * left on the right, as radiologists view them); coronal and sagittal with the superior end up,
 * rows repeated so that pixels are about square in mm. Small pictures are enlarged by an integer
 * factor (nearest neighbour) until the short side is at least {@link #MIN_SIDE} pixels, unless the
 * long side would pass {@link #MAX_SIDE}. Text is
 * drawn only where the Java runtime has fonts.
 */
public final class MarrowQc {

	private MarrowQc() {}

	public static final double LEVEL_HU = 400, WIDTH_HU = 1800;
	public static final int MIN_SIDE = 256, MAX_SIDE = 2048;
	/** Context (mm) around a region in the zoomed axial view, and around all regions across coronal and sagittal views. */
	public static final double ZOOM_MARGIN_MM = 25, VIEW_MARGIN_MM = 60;

	/** In-plane window {u0, u1, v0, v1} of a plane normal to {@code axis}: the across axis limited to the regions' extent +- margin_mm (all of the other axis for coronal/sagittal). */
	static int[] window(final Volume<?> ct, final List<MarrowRegion> regions, final int axis, final double margin_mm) {
		final int ua = axis == 0 ? 1 : 0, va = axis == 2 ? 1 : 2;
		final long[] d = ct.dimensions();
		long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE, vlo = Long.MAX_VALUE, vhi = Long.MIN_VALUE;
		for (final MarrowRegion r : regions) {
			final long[] o = r.offset();
			final int[] n = { r.mask().nx(), r.mask().ny(), r.mask().nz() };
			lo = Math.min(lo, o[ua]);
			hi = Math.max(hi, o[ua] + n[ua]);
			vlo = Math.min(vlo, o[va]);
			vhi = Math.max(vhi, o[va] + n[va]);
		}
		final int mu = (int) Math.ceil(margin_mm / ct.geometry().spacing(ua)), mv = (int) Math.ceil(margin_mm / ct.geometry().spacing(va));
		final int[] w = { (int) Math.max(0, lo - mu), (int) Math.min(d[ua], hi + mu), 0, (int) d[va] };
		if (axis == 2) {
			w[2] = (int) Math.max(0, vlo - mv);
			w[3] = (int) Math.min(d[va], vhi + mv);
		}
		return w;
	}

	static int[] window(final Volume<?> ct, final MarrowRegion r, final int axis, final double margin_mm) {
		return window(ct, java.util.Collections.singletonList(r), axis, margin_mm);
	}

	/** Two pictures side by side, a 4-pixel gap, tops aligned. */
	static BufferedImage sideBySide(final BufferedImage a, final BufferedImage b) {
		final BufferedImage out = new BufferedImage(a.getWidth() + 4 + b.getWidth(), Math.max(a.getHeight(), b.getHeight()),
			BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = out.createGraphics();
		try {
			g.drawImage(a, 0, 0, null);
			g.drawImage(b, a.getWidth() + 4, 0, null);
		}
		finally {
			g.dispose();
		}
		return out;
	}

	/** Writes the pictures into {@code dir}; returns their file names. */
	public static List<String> write(final Volume<?> ct, final SubjectAnalysis.Segmentation seg, final String subject, final File dir)
		throws IOException
	{
		final List<MarrowRow> rows = seg.measured();
		final List<MarrowRegion> regions = new ArrayList<>();
		for (final MarrowRow r : rows)
			regions.add(r.mask());
		final int n = rows.size();
		final double[] c = centroid(regions);
		final int y = (int) Math.round(c[1]), x = (int) Math.round(c[0]);
		final boolean sagittal = !seg.site.equals(SubjectAnalysis.FEMORAL_SHAFT);
		// pictures 0..n-1: axial per region; n: coronal; n+1: sagittal (not for the femoral shaft)
		final String[] names = new String[n + 2];
		final BufferedImage[] pics = new BufferedImage[n + 2];
		try {
			IntStream.range(0, sagittal ? n + 2 : n + 1).parallel().forEach(k -> {
				final BufferedImage img;
				if (k < n) {
					final MarrowRegion r = regions.get(k);
					final int z = centreSlice(r);
					img = sideBySide(enlarge(plane(ct, 2, z, regions)), enlarge(plane(ct, 2, z, regions, window(ct, r, 2, ZOOM_MARGIN_MM))));
					label(img, subject + "  " + r.name() + "  axial z=" + z + "  " + String.format(Locale.ROOT, "%.1f HU", rows.get(k).stats()
						.hu_mean()), QcImages.PALETTE[k % QcImages.PALETTE.length]);
					names[k] = String.format(Locale.ROOT, "axial_%02d_%s.png", k + 1, safe(r.name()));
				}
				else if (k == n) {
					img = enlarge(plane(ct, 1, y, regions, window(ct, regions, 1, VIEW_MARGIN_MM)));
					label(img, subject + "  coronal y=" + y, 0xFFFFFF);
					names[k] = "coronal.png";
				}
				else {
					img = enlarge(plane(ct, 0, x, regions, window(ct, regions, 0, VIEW_MARGIN_MM)));
					label(img, subject + "  sagittal x=" + x, 0xFFFFFF);
					names[k] = "sagittal.png";
				}
				pics[k] = img;
				try {
					QcImages.writePng(img, new File(dir, names[k]));
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
		catch (final UncheckedIOException e) {
			throw e.getCause();
		}
		final List<String> written = new ArrayList<>();
		final List<BufferedImage> tiles = new ArrayList<>();
		for (int k = 0; k < names.length; k++)
			if (names[k] != null) {
				written.add(names[k]);
				tiles.add(pics[k]);
			}
		QcImages.writePng(overview(tiles, rows), new File(dir, "overview.png"));
		written.add("overview.png");
		return written;
	}

	/** The axial slice (CT z index) through the region's centroid, or its largest slice when the centroid's slice misses it. */
	public static int centreSlice(final MarrowRegion r) {
		final Mask m = r.mask();
		final int n = m.nx() * m.ny();
		final long[] per = new long[m.nz()];
		final byte[] d = m.data();
		double sz = 0;
		long total = 0;
		int best = 0;
		for (int z = 0; z < m.nz(); z++) {
			long c = 0;
			for (int i = 0; i < n; i++)
				c += d[z * n + i];
			per[z] = c;
			sz += (double) z * c;
			total += c;
			if (c > per[best]) best = z;
		}
		int z = (int) Math.round(sz / Math.max(1, total));
		if (z < 0 || z >= per.length || per[z] == 0) z = best;
		return (int) (z + r.offset()[2]);
	}

	/** Voxel-weighted centroid (CT voxel indices) of the regions. */
	static double[] centroid(final List<MarrowRegion> regions) {
		double sx = 0, sy = 0, sz = 0;
		long n = 0;
		for (final MarrowRegion r : regions) {
			final Mask m = r.mask();
			final long[] o = r.offset();
			final byte[] d = m.data();
			for (int z = 0; z < m.nz(); z++)
				for (int y = 0; y < m.ny(); y++)
					for (int x = 0; x < m.nx(); x++)
						if (d[x + m.nx() * (y + m.ny() * z)] != 0) {
							sx += x + o[0];
							sy += y + o[1];
							sz += z + o[2];
							n++;
						}
		}
		return n == 0 ? new double[] { 0, 0, 0 } : new double[] { sx / n, sy / n, sz / n };
	}

	/**
	 * One plane of the CT with the regions' outlines: axis 2 = axial (x across, y down), 1 = coronal (x
	 * across, z up), 0 = sagittal (y across, z up); rows repeated for about square mm pixels.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static BufferedImage plane(final Volume<?> ct, final int axis, final int index, final List<MarrowRegion> regions) {
		final int ua = axis == 0 ? 1 : 0, va = axis == 2 ? 1 : 2;
		final long[] d = ct.dimensions();
		return plane(ct, axis, index, regions, new int[] { 0, (int) d[ua], 0, (int) d[va] });
	}

	/**
	 * As {@link #plane(Volume, int, int, List)} over the in-plane window {u0, u1, v0, v1} (exclusive
	 * upper bounds; u = the across axis, v = the other one, in voxel indices).
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static BufferedImage plane(final Volume<?> ct, final int axis, final int index, final List<MarrowRegion> regions,
		final int[] window)
	{
		final int ua = axis == 0 ? 1 : 0, va = axis == 2 ? 1 : 2;
		final int u0 = window[0], v0 = window[2], nu = window[1] - window[0], nv = window[3] - window[2];
		final double su = ct.geometry().spacing(ua), sv = ct.geometry().spacing(va);
		final int rep = Math.max(1, (int) Math.round(sv / su));
		final boolean flip = va == 2 && ct.geometry().direction(2, 2) >= 0; // superior (larger world z) up
		final BufferedImage img = new BufferedImage(nu, nv * rep, BufferedImage.TYPE_INT_RGB);
		final RandomAccessibleInterval<? extends RealType<?>> im = (RandomAccessibleInterval) ct.image();
		final RandomAccess<? extends RealType<?>> ra = im.randomAccess();
		final long[] min = im.minAsLongArray();
		final long[] p = new long[3];
		final double lo = LEVEL_HU - WIDTH_HU / 2;
		for (int vi = 0; vi < nv; vi++) {
			final int v = v0 + vi;
			final int row0 = (flip ? nv - 1 - vi : vi) * rep;
			for (int ui = 0; ui < nu; ui++) {
				final int u = u0 + ui;
				p[axis] = index;
				p[ua] = u;
				p[va] = v;
				for (int d = 0; d < 3; d++)
					p[d] += min[d];
				ra.setPosition(p);
				int g = (int) Math.round(255 * (ra.get().getRealDouble() - lo) / WIDTH_HU);
				g = g < 0 ? 0 : g > 255 ? 255 : g;
				int rgb = g << 16 | g << 8 | g;
				for (int i = 0; i < regions.size(); i++)
					if (edge(regions.get(i), axis, index, ua, u, va, v)) rgb = QcImages.PALETTE[i % QcImages.PALETTE.length];
				for (int r = 0; r < rep; r++)
					img.setRGB(ui, row0 + r, rgb);
			}
		}
		return img;
	}

	private static boolean edge(final MarrowRegion r, final int axis, final int index, final int ua, final int u, final int va,
		final int v)
	{
		final long[] q = new long[3];
		q[axis] = index;
		q[ua] = u;
		q[va] = v;
		if (!r.contains(q[0], q[1], q[2])) return false;
		for (int k = 0; k < 4; k++) {
			q[ua] = u + DU[k];
			q[va] = v + DV[k];
			if (!r.contains(q[0], q[1], q[2])) return true;
		}
		return false;
	}

	private static final int[] DU = { -1, 1, 0, 0 }, DV = { 0, 0, -1, 1 };


	/** Enlarges by the smallest integer factor giving a short side of at least {@link #MIN_SIDE} (nearest neighbour). */
	public static BufferedImage enlarge(final BufferedImage img) {
		final int k = Math.min((int) Math.ceil((double) MIN_SIDE / Math.min(img.getWidth(), img.getHeight())), Math.max(1, MAX_SIDE /
			Math.max(img.getWidth(), img.getHeight())));
		return k <= 1 ? img : scale(img, k);
	}

	private static BufferedImage scale(final BufferedImage img, final double k) {
		final int w = Math.max(1, (int) Math.round(img.getWidth() * k)), h = Math.max(1, (int) Math.round(img.getHeight() * k));
		final BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < h; y++) {
			final int sy = Math.min(img.getHeight() - 1, (int) (y / k));
			for (int x = 0; x < w; x++)
				out.setRGB(x, y, img.getRGB(Math.min(img.getWidth() - 1, (int) (x / k)), sy));
		}
		return out;
	}

	/** Tiles side by side (each scaled to 320 px high, or to 1600 px wide when wider), then a legend line per region. */
	static BufferedImage overview(final List<BufferedImage> tiles, final List<MarrowRow> rows) {
		final int th = 320, gap = 4, maxW = 1600;
		final List<BufferedImage> scaled = new ArrayList<>();
		for (final BufferedImage t : tiles)
			scaled.add(scale(t, Math.min((double) th / t.getHeight(), (double) maxW / t.getWidth())));
		int x = 0, lines = 1, width = 0;
		for (final BufferedImage t : scaled) {
			if (x > 0 && x + t.getWidth() > maxW) {
				lines++;
				x = 0;
			}
			x += t.getWidth() + gap;
			width = Math.max(width, x);
		}
		final int legend = 18 * rows.size() + 8;
		final BufferedImage out = new BufferedImage(Math.max(width, 400), lines * (th + gap) + legend, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = out.createGraphics();
		try {
			x = 0;
			int y = 0;
			for (final BufferedImage t : scaled) {
				if (x > 0 && x + t.getWidth() > maxW) {
					x = 0;
					y += th + gap;
				}
				g.drawImage(t, x, y, null);
				x += t.getWidth() + gap;
			}
			y = lines * (th + gap);
			for (int i = 0; i < rows.size(); i++) {
				g.setColor(new Color(QcImages.PALETTE[i % QcImages.PALETTE.length]));
				g.fillRect(6, y + 4 + 18 * i, 12, 12);
			}
			text(g, () -> {
				for (int i = 0; i < rows.size(); i++) {
					final MarrowRow r = rows.get(i);
					g.setColor(Color.WHITE);
					g.drawString(String.format(Locale.ROOT, "%d  %s  %s  %d voxels  %.2f mL  mean %.1f HU  median %.1f HU", i + 1, r.site(),
						r.region(), r.stats().voxels(), r.stats().volume_ml(), r.stats().hu_mean(), r.stats().hu_median()), 24,
						out.getHeight() - legend + 15 + 18 * i);
				}
			});
		}
		finally {
			g.dispose();
		}
		return out;
	}

	private static void label(final BufferedImage img, final String caption, final int rgb) {
		final Graphics2D g = img.createGraphics();
		try {
			text(g, () -> {
				g.setColor(Color.BLACK);
				g.drawString(caption, 7, 17);
				g.setColor(new Color(rgb));
				g.drawString(caption, 6, 16);
			});
		}
		finally {
			g.dispose();
		}
	}

	/** Runs text drawing only where fonts work (a headless runtime without fonts throws). */
	private static void text(final Graphics2D g, final Runnable draw) {
		try {
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			draw.run();
		}
		catch (final Throwable e) {
			// no fonts: the picture stays without text
		}
	}

	static String safe(final String name) {
		return name.replaceAll("[^A-Za-z0-9_.-]", "_");
	}
}
