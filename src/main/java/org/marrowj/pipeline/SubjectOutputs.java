package org.marrowj.pipeline;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.image.Volume;
import org.marrowj.io.AtomicFiles;
import org.marrowj.io.Json;
import org.marrowj.io.Nifti;
import org.marrowj.marrow.MarrowRegion;
import org.marrowj.morph.Mask;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * The region label map of one subject: the measured regions as ids 1..n on the CT grid (id i = the
 * i-th measured row of the table), 8-bit when n &lt;= 255, else 16-bit; and its {@code labels.json}
 * (id -&gt; name, site, side, level, label = the id in the source label map or null).
 */
public final class SubjectOutputs {

	private SubjectOutputs() {}

	/** The label map volume and which row each id is. */
	public static final class LabelMap {
		public final Volume<?> volume;
		/** rows.get(i) has id i + 1. */
		public final List<MarrowRow> rows;

		LabelMap(final Volume<?> volume, final List<MarrowRow> rows) {
			this.volume = volume;
			this.rows = Collections.unmodifiableList(rows);
		}

		/** id -&gt; {name, site, side, level, label}. */
		public Map<String, Object> table() {
			final Map<String, Object> m = new LinkedHashMap<>();
			for (int i = 0; i < rows.size(); i++) {
				final MarrowRow r = rows.get(i);
				final Map<String, Object> e = new LinkedHashMap<>();
				e.put("name", r.region());
				e.put("site", r.site());
				e.put("side", r.side());
				e.put("level", r.level());
				e.put("label", r.label() == 0 ? null : r.label());
				e.put("voxels", r.stats() == null ? null : r.stats().voxels());
				m.put(Integer.toString(i + 1), e);
			}
			return m;
		}
	}

	/** Paints the measured rows' regions (ids 1..n in list order) on the CT grid. */
	public static LabelMap labelMap(final Volume<?> ct, final List<MarrowRow> measured) {
		final int nx = ct.width(), ny = ct.height(), nz = ct.depth();
		final List<MarrowRow> rows = new ArrayList<>();
		for (final MarrowRow r : measured)
			if (r.ok()) rows.add(r);
		final Volume<?> v;
		if (rows.size() <= 255) {
			final PlanarImg<UnsignedByteType, ByteArray> img = PlanarImgs.unsignedBytes(nx, ny, nz);
			for (int i = 0; i < rows.size(); i++) {
				final MarrowRegion r = rows.get(i).mask();
				paint(r, nx, ny, z -> img.getPlane(z).getCurrentStorageArray(), null, (byte) (i + 1), (short) 0);
			}
			v = new Volume<>(img, ct.geometry(), Volume.LABEL, "SEG", props(ct));
		}
		else {
			final PlanarImg<UnsignedShortType, ShortArray> img = PlanarImgs.unsignedShorts(nx, ny, nz);
			for (int i = 0; i < rows.size(); i++) {
				final MarrowRegion r = rows.get(i).mask();
				paint(r, nx, ny, null, z -> img.getPlane(z).getCurrentStorageArray(), (byte) 0, (short) (i + 1));
			}
			v = new Volume<>(img, ct.geometry(), Volume.LABEL, "SEG", props(ct));
		}
		return new LabelMap(v, rows);
	}

	private static Map<String, String> props(final Volume<?> ct) {
		final Map<String, String> p = new LinkedHashMap<>();
		final String f = ct.property("FrameOfReferenceUID");
		if (f != null) p.put("FrameOfReferenceUID", f);
		p.put(Nifti.INTENT_NAME, "marrow regions");
		return p;
	}

	private static void paint(final MarrowRegion r, final int nx, final int ny, final java.util.function.IntFunction<byte[]> bytes,
		final java.util.function.IntFunction<short[]> shorts, final byte b, final short s)
	{
		final Mask m = r.mask();
		final long[] o = r.offset();
		final byte[] d = m.data();
		final int mx = m.nx(), my = m.ny(), mz = m.nz();
		for (int z = 0; z < mz; z++) {
			final int cz = (int) (z + o[2]);
			final byte[] pb = bytes == null ? null : bytes.apply(cz);
			final short[] ps = shorts == null ? null : shorts.apply(cz);
			for (int y = 0; y < my; y++) {
				final int row = nx * (int) (y + o[1]) + (int) o[0];
				final int mrow = mx * (y + my * z);
				for (int x = 0; x < mx; x++)
					if (d[mrow + x] != 0) {
						if (pb != null) pb[row + x] = b;
						else ps[row + x] = s;
					}
			}
		}
	}

	/** Writes the label map as NIfTI (atomic). */
	public static void writeLabelMap(final LabelMap map, final File file) {
		Nifti.write(map.volume, file);
	}

	/** Writes labels.json (atomic). */
	public static void writeLabelsJson(final LabelMap map, final File file) throws IOException {
		AtomicFiles.writeText(file, Json.pretty(map.table()) + "\n");
	}
}
