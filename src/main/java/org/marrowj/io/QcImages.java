package org.marrowj.io;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageIO;

import org.marrowj.image.Volume;
import org.marrowj.morph.Mask;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;

/**
 * Quality-control pictures a person checks at a glance: a grey-level slice of a volume in a
 * display window (e.g. CT bone window) with regions outlined in colour. Axial slices are drawn as
 * stored (x right, y down); coronal slices (x across, z up) are stretched so that a pixel is square
 * in millimetres. PNG files are written atomically.
 */
public final class QcImages {

	private QcImages() {}

	/** A region to outline: its mask (on the volume's grid) and an RGB colour. */
	public static final class Outline {

		final Mask mask;
		final int rgb;

		public Outline(final Mask mask, final int rgb) {
			this.mask = mask;
			this.rgb = rgb;
		}
	}

	/** Distinct outline colours (RGB). */
	public static final int[] PALETTE = { 0xFF3030, 0x30A0FF, 0x30FF60, 0xFFD020, 0xFF40FF, 0x40FFFF, 0xFF8020, 0xA060FF };

	/** Grey-level axial slice z with outlines, window [level - width/2, level + width/2]. */
	public static BufferedImage axial(final Volume<?> v, final int z, final double level, final double width,
		final List<Outline> outlines)
	{
		final BufferedImage img = axialGrey(v, z, level, width);
		outlineAxial(img, z, outlines);
		return img;
	}

	/** Grey-level axial slice z (x right, y down), window [level - width/2, level + width/2]. */
	public static BufferedImage axialGrey(final Volume<?> v, final int z, final double level, final double width) {
		final int nx = v.width(), ny = v.height();
		final BufferedImage img = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
		final RandomAccess<? extends RealType<?>> ra = v.image().randomAccess();
		final long[] min = v.image().minAsLongArray();
		final double lo = level - width / 2;
		for (int y = 0; y < ny; y++) {
			ra.setPosition(new long[] { min[0], min[1] + y, min[2] + z });
			for (int x = 0; x < nx; x++, ra.fwd(0))
				img.setRGB(x, y, grey(ra.get().getRealDouble(), lo, width));
		}
		return img;
	}

	/** Draws the outlines of slice z onto an axial picture made by {@link #axialGrey}. */
	public static void outlineAxial(final BufferedImage img, final int z, final List<Outline> outlines) {
		for (final Outline o : outlines)
			for (int y = 0; y < o.mask.ny(); y++)
				for (int x = 0; x < o.mask.nx(); x++)
					if (o.mask.get(x, y, z) && edge2D(o.mask, x, y, z, true)) img.setRGB(x, y, o.rgb);
	}

	/** Grey-level coronal slice y (x across, z upwards) with outlines, stretched to square mm pixels. */
	public static BufferedImage coronal(final Volume<?> v, final int y, final double level, final double width,
		final List<Outline> outlines)
	{
		final BufferedImage img = coronalGrey(v, y, level, width);
		outlineCoronal(img, v, y, outlines);
		return img;
	}

	/** Image rows per slice in a coronal picture: z spacing / x spacing, rounded, at least 1. */
	public static int coronalRowsPerSlice(final Volume<?> v) {
		return Math.max(1, (int) Math.round(v.geometry().spacing(2) / v.geometry().spacing(0)));
	}

	/** First image row of slice z in a coronal picture (superior up). */
	public static int coronalRow(final Volume<?> v, final int z) {
		final boolean up = v.geometry().direction(2, 2) >= 0;
		return (up ? v.depth() - 1 - z : z) * coronalRowsPerSlice(v);
	}

	/** Grey-level coronal slice y (x across, z upwards), stretched to square mm pixels. */
	public static BufferedImage coronalGrey(final Volume<?> v, final int y, final double level, final double width) {
		final int nx = v.width(), nz = v.depth(), rep = coronalRowsPerSlice(v);
		final BufferedImage img = new BufferedImage(nx, nz * rep, BufferedImage.TYPE_INT_RGB);
		final RandomAccess<? extends RealType<?>> ra = v.image().randomAccess();
		final long[] min = v.image().minAsLongArray();
		final double lo = level - width / 2;
		for (int z = 0; z < nz; z++) {
			final int row0 = coronalRow(v, z);
			ra.setPosition(new long[] { min[0], min[1] + y, min[2] + z });
			for (int x = 0; x < nx; x++, ra.fwd(0)) {
				final int rgb = grey(ra.get().getRealDouble(), lo, width);
				for (int r = 0; r < rep; r++)
					img.setRGB(x, row0 + r, rgb);
			}
		}
		return img;
	}

	/** Draws the outlines of row y onto a coronal picture of {@code v} made by {@link #coronalGrey}. */
	public static void outlineCoronal(final BufferedImage img, final Volume<?> v, final int y, final List<Outline> outlines) {
		final int rep = coronalRowsPerSlice(v);
		for (final Outline o : outlines)
			for (int z = 0; z < o.mask.nz(); z++) {
				final int row0 = coronalRow(v, z);
				for (int x = 0; x < o.mask.nx(); x++)
					if (o.mask.get(x, y, z) && edge2D(o.mask, x, y, z, false)) for (int r = 0; r < rep; r++)
						img.setRGB(x, row0 + r, o.rgb);
			}
	}

	private static int grey(final double value, final double lo, final double width) {
		int g = (int) Math.round(255 * (value - lo) / width);
		g = g < 0 ? 0 : g > 255 ? 255 : g;
		return (g << 16) | (g << 8) | g;
	}

	/** True when (x,y,z) has an in-plane 4-neighbour outside the mask (or beyond the edge). */
	private static boolean edge2D(final Mask m, final int x, final int y, final int z, final boolean axial) {
		if (axial) {
			return x == 0 || y == 0 || x == m.nx() - 1 || y == m.ny() - 1 || !m.get(x - 1, y, z) || !m.get(x + 1, y, z) ||
				!m.get(x, y - 1, z) || !m.get(x, y + 1, z);
		}
		return x == 0 || z == 0 || x == m.nx() - 1 || z == m.nz() - 1 || !m.get(x - 1, y, z) || !m.get(x + 1, y, z) ||
			!m.get(x, y, z - 1) || !m.get(x, y, z + 1);
	}

	/** Writes a PNG atomically. */
	public static void writePng(final BufferedImage img, final File file) throws IOException {
		AtomicFiles.write(file, out -> {
			if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
		});
	}
}
