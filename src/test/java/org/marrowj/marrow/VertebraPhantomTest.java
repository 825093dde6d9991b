package org.marrowj.marrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;
import org.marrowj.phantom.SpineOptions;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** Vertebral body cores on the project's spine phantom (T12-L5, TotalSegmentator labels). */
class VertebraPhantomTest {

	static final SpineOptions OPTIONS = new SpineOptions();
	static Phantom phantom;
	static int[] tissue;
	static int nx, ny, nz;

	@BeforeAll
	static void make() {
		phantom = Phantoms.spine(OPTIONS);
		tissue = Voxels.ints(phantom.tissues());
		nx = phantom.image().width();
		ny = phantom.image().height();
		nz = phantom.image().depth();
	}

	/** Tissue ids of level k: core 3+3k, shell 4+3k, posterior elements 5+3k; discs 21..27. */
	static int core(final int k) {
		return 3 + 3 * k;
	}

	@Test
	void coresFromTotalSegmentatorLabels() {
		final Volume<FloatType> ct = phantom.image();
		final Volume<UnsignedByteType> labels = phantom.labels().get().volume();
		final VertebralMarrow.Result res = VertebralMarrow.fromLabels(ct, labels, LabelSchemes.totalSegmentator(),
			new VertebralMarrow.Settings());
		assertEquals(6, res.regions().size());
		for (int k = 0; k < 6; k++) {
			final String level = SpineOptions.LEVELS[k];
			final MarrowRegion r = res.level(level);
			assertEquals(level, r.name());
			assertEquals(32 - k, r.labelId());
			assertEquals(MarrowRegion.Site.VERTEBRAL_BODY, r.site());
			final byte[] full = r.fullMask().data();
			long inCore = 0, other = 0;
			for (int i = 0; i < full.length; i++)
				if (full[i] != 0) {
					if (tissue[i] == core(k)) inCore++;
					else other++;
				}
			assertEquals(0, other, level + ": voxels outside the trabecular core (shell, posterior elements, disc, ...)");
			assertTrue(inCore > 1000, level + " core voxels " + inCore);
			final RegionStatistics s = RegionStats.compute(ct, r);
			assertEquals(OPTIONS.coreHu[k], s.hu_mean(), 2.0, level + " hu_mean");
		}
	}

	@Test
	void definitionAgainstBruteForce() {
		// L2 (label 30): core = largest 26-component of {label voxels farther than 4 mm from any other voxel}
		final Volume<UnsignedByteType> labels = phantom.labels().get().volume();
		final int[] lab = Voxels.ints(labels);
		final byte[] truth = Voxels.largest26(BruteForce.shrink(Voxels.select(lab, 30), nx, ny, nz,
			phantom.image().geometry().spacing(), 4.0), nx, ny, nz);
		final VertebralMarrow.Result res = VertebralMarrow.fromLabels(phantom.image(), labels, LabelSchemes.totalSegmentator(),
			new VertebralMarrow.Settings().labelIds(30));
		assertEquals(1, res.regions().size());
		assertEquals("L2", res.regions().get(0).level());
		assertEquals(0, Voxels.diff(truth, res.regions().get(0)));
	}

	@Test
	void labelsOnAnotherGridAreResampled() {
		// the same labels stored on a grid shifted by whole voxels (padded by 3 voxels on each side in x)
		final Volume<UnsignedByteType> labels = phantom.labels().get().volume();
		final int[] lab = Voxels.ints(labels);
		final int px = nx + 6;
		final byte[] shifted = new byte[px * ny * nz];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++)
					shifted[x + 3 + px * (y + ny * z)] = (byte) lab[x + nx * (y + ny * z)];
		final Geometry g = phantom.image().geometry();
		final Geometry sg = g.crop(-3, 0, 0);
		final Volume<UnsignedByteType> other = new Volume<>(ArrayImgs.unsignedBytes(shifted, px, ny, nz), sg, Volume.LABEL);
		final VertebralMarrow.Settings s = new VertebralMarrow.Settings().labelIds(29);
		final MarrowRegion a = VertebralMarrow.fromLabels(phantom.image(), labels, LabelSchemes.totalSegmentator(), s).regions().get(0);
		final VertebralMarrow.Result rb = VertebralMarrow.fromLabels(phantom.image(), other, LabelSchemes.totalSegmentator(), s);
		final MarrowRegion b = rb.regions().get(0);
		assertEquals(0, Voxels.diff(a.fullMask().data(), b));
		assertTrue(rb.warnings().get(0).contains("resampled"));
		// a grid far away does not overlap
		final Volume<UnsignedByteType> far = new Volume<>(ArrayImgs.unsignedBytes(shifted, px, ny, nz),
			Geometry.axisAligned(g.spacing(), new double[] { 5000, 0, 0 }), Volume.LABEL);
		final BadInputException e = assertThrows(BadInputException.class,
			() -> VertebralMarrow.fromLabels(phantom.image(), far, LabelSchemes.totalSegmentator(), s));
		assertTrue(e.getMessage().startsWith("labels: the label map does not overlap the CT"), e.getMessage());
	}

	@Test
	void noVertebraLabelIsAnError() {
		final Volume<UnsignedByteType> labels = phantom.labels().get().volume();
		final LabelTable table = LabelTable.parse("27=liver,28=spleen", "label_names");
		final BadInputException e = assertThrows(BadInputException.class,
			() -> VertebralMarrow.fromLabels(phantom.image(), labels, table, new VertebralMarrow.Settings()));
		assertEquals("labels: no vertebra label found; label ids found: [27, 28, 29, 30, 31, 32]; name the vertebrae as " +
			"id=name pairs (e.g. 32=T12,31=L1) or choose them by id", e.getMessage());
		// own names as id=name pairs
		final VertebralMarrow.Result res = VertebralMarrow.fromLabels(phantom.image(), labels, LabelTable.parse("31=L1", "x"),
			new VertebralMarrow.Settings());
		assertEquals(List.of("L1"), res.regions().stream().map(MarrowRegion::level).collect(java.util.stream.Collectors.toList()));
	}

	@Test
	void coreFromSeed() {
		// L1: seed at the centroid of its core tissue; expected = core tissue shrunk by 1 mm (brute force)
		final int k = 1;
		long sx = 0, sy = 0, sz = 0, n = 0;
		for (int i = 0; i < tissue.length; i++)
			if (tissue[i] == core(k)) {
				sx += i % nx;
				sy += (i / nx) % ny;
				sz += i / (nx * ny);
				n++;
			}
		final long[] seed = { Math.round((double) sx / n), Math.round((double) sy / n), Math.round((double) sz / n) };
		final MarrowRegion r = VertebralMarrow.fromSeed(phantom.image(), seed, "L1", new VertebralMarrow.Settings());
		final byte[] truth = Voxels.largest26(BruteForce.shrink(Voxels.select(tissue, core(k)), nx, ny, nz,
			phantom.image().geometry().spacing(), 1.0), nx, ny, nz);
		assertEquals(0, Voxels.diff(truth, r));
		assertEquals("L1", r.level());
		assertEquals(OPTIONS.coreHu[k], RegionStats.compute(phantom.image(), r).hu_mean(), 2.0);
		// a seed on the shell is refused
		final int shellVoxel = firstOf(4 + 3 * k);
		final long[] bad = { shellVoxel % nx, (shellVoxel / nx) % ny, shellVoxel / (nx * ny) };
		final BadInputException e = assertThrows(BadInputException.class,
			() -> VertebralMarrow.fromSeed(phantom.image(), bad, "L1", new VertebralMarrow.Settings()));
		assertTrue(e.getMessage().startsWith("seed: ") && e.getMessage().contains("trabecular core"), e.getMessage());
	}

	private static int firstOf(final int id) {
		for (int i = 0; i < tissue.length; i++)
			if (tissue[i] == id) return i;
		throw new AssertionError("no tissue " + id);
	}

	@Test
	void levelNames() {
		assertEquals("T12", LabelSchemes.levelName("vertebrae_T12"));
		assertEquals("T12", LabelSchemes.levelName("Th12"));
		assertEquals("L1", LabelSchemes.levelName("vertebra L1"));
		assertEquals("S1", LabelSchemes.levelName("vertebrae_S1"));
		assertEquals("", LabelSchemes.levelName("sacrum"));
		assertEquals("", LabelSchemes.levelName("T13"));
		assertEquals("", LabelSchemes.levelName("femur_left"));
		final LabelTable ts = LabelSchemes.totalSegmentator();
		final Map<Integer, String> m = ts.asMap();
		assertEquals(117, m.size());
		assertEquals("sacrum", m.get(25));
		assertEquals("vertebrae_L5", m.get(27));
		assertEquals("vertebrae_T11", m.get(33));
		assertEquals("vertebrae_T1", m.get(43));
		assertEquals("vertebrae_C1", m.get(50));
		assertEquals("humerus_right", m.get(70));
		assertEquals("hip_right", m.get(78));
		assertEquals("T11", LabelSchemes.levelOf(ts, 33));
		assertEquals("", LabelSchemes.levelOf(ts, 75));
	}
}
