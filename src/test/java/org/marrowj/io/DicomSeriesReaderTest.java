package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.SharedData;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;

/** Reads the real CT and PET series of the shared data and checks them against their headers and raw bytes. */
class DicomSeriesReaderTest {

	static final String CT = "ct-dicom-siemens-t11-t12/dicom";
	static final String PET = "pet-dicom-wholebody-fdg/dicom";

	/**
	 * The stored value of pixel (x, y) decoded without the parser: PixelData is the last element of
	 * these files, so its value is the last rows x columns x 2 bytes (16-bit little endian); the
	 * 4 bytes before its length hold the tag (7FE0,0010).
	 */
	static int[] rawStored(final File f, final int cols, final int rows, final boolean signed, final int bitsStored) throws IOException {
		try (RandomAccessFile raf = new RandomAccessFile(f, "r")) {
			final int n = cols * rows;
			final long start = raf.length() - 2L * n;
			final byte[] b = new byte[2 * n];
			raf.seek(start);
			raf.readFully(b);
			final int[] v = new int[n];
			for (int i = 0; i < n; i++) {
				final int u = ((b[2 * i] & 0xFF) | ((b[2 * i + 1] & 0xFF) << 8)) & ((1 << bitsStored) - 1);
				v[i] = signed && (u & (1 << (bitsStored - 1))) != 0 ? u - (1 << bitsStored) : u;
			}
			return v;
		}
	}

	@Test
	void ctSiemensT11T12() throws IOException {
		final File dir = SharedData.require(CT);
		final DicomSeries s = DicomSeriesReader.read(dir, null);
		final Volume<FloatType> v = s.volume();
		assertArrayEquals(new long[] { 512, 512, 20 }, v.dimensions());
		assertEquals(Volume.HU, v.valueUnit());
		assertEquals("CT", v.modality());
		final Geometry g = v.geometry();
		assertEquals(0.9765625, g.spacing(0), 1e-12);
		assertEquals(0.9765625, g.spacing(1), 1e-12);
		assertEquals(2.0, g.spacing(2), 1e-9);
		// the slice spacing does not come from SliceThickness, which says 3
		assertEquals(3.0, s.header(0).getDouble(DicomTag.SLICE_THICKNESS, 0), 0);
		assertTrue(s.warnings().isEmpty(), s.warnings().toString());

		// sorted by increasing position along the normal; origin and direction from the first sorted slice
		final double[] pos = s.slicePositions_mm();
		for (int z = 1; z < pos.length; z++)
			assertEquals(2.0, pos[z] - pos[z - 1], 1e-6);
		double minPos = Double.POSITIVE_INFINITY;
		for (final File f : dir.listFiles()) {
			final DicomHeader h = DicomFile.readHeader(f);
			final double[] ipp = h.getDoubles(DicomTag.IMAGE_POSITION_PATIENT);
			minPos = Math.min(minPos, ipp[2]); // IOP is 1\0\0\0\1\0: normal = +z
		}
		final double[] ipp0 = s.header(0).getDoubles(DicomTag.IMAGE_POSITION_PATIENT);
		assertEquals(minPos, ipp0[2], 0);
		assertArrayEquals(ipp0, g.origin(), 0);
		final double[] iop = s.header(0).getDoubles(DicomTag.IMAGE_ORIENTATION_PATIENT);
		assertArrayEquals(Arrays.copyOfRange(iop, 0, 3), g.axis(0), 1e-12);
		assertArrayEquals(Arrays.copyOfRange(iop, 3, 6), g.axis(1), 1e-12);
		assertArrayEquals(new double[] { 0, 0, 1 }, g.axis(2), 1e-12);
		for (int z = 0; z < 20; z++) {
			final double[] p = s.header(z).getDoubles(DicomTag.IMAGE_POSITION_PATIENT);
			assertArrayEquals(p, g.indexToWorld(0, 0, z), 1e-9);
		}

		// HU: air in the corner, and every voxel of two slices = stored - 1024
		final PlanarImg<FloatType, FloatArray> img = s.image();
		final float[] mid = img.getPlane(10).getCurrentStorageArray();
		double corner = 0;
		for (int y = 0; y < 10; y++)
			for (int x = 0; x < 10; x++)
				corner += mid[x + 512 * y];
		assertTrue(corner / 100 < -900, "corner mean " + corner / 100);
		for (final int z : new int[] { 0, 13 }) {
			final int[] raw = rawStored(s.header(z).file(), 512, 512, false, 12);
			final float[] plane = img.getPlane(z).getCurrentStorageArray();
			for (int i = 0; i < raw.length; i++)
				assertEquals(raw[i] - 1024f, plane[i], 0, "voxel " + i + " of slice " + z);
		}
		assertEquals("CT Body 3.0", v.property("SeriesDescription"));
		assertEquals("1.3.12.2.1107.5.1.4.60064.30000022120807274275100000041", v.property("FrameOfReferenceUID"));
		assertEquals(dir.getPath(), v.property("source"));
		Volumes.requireHU(v, "ct");
	}

	@Test
	void petWholeBodyFdg() throws IOException {
		final File dir = SharedData.require(PET);
		final DicomSeries s = DicomSeriesReader.read(dir, null);
		final Volume<FloatType> v = s.volume();
		assertArrayEquals(new long[] { 128, 128, 299 }, v.dimensions());
		assertEquals(Volume.BQML, v.valueUnit());
		assertEquals("PT", v.modality());
		assertEquals(3.5378182, v.geometry().spacing(0), 1e-9);
		assertEquals(3.375, v.geometry().spacing(2), 1e-5);
		assertTrue(s.warnings().isEmpty(), s.warnings().toString());
		final double[] pos = s.slicePositions_mm();
		for (int z = 1; z < pos.length; z++) {
			assertTrue(pos[z] > pos[z - 1]);
			assertEquals(3.375, pos[z] - pos[z - 1], 1e-3);
			// the normal is +z here: IPP z increases with the index
			assertTrue(s.header(z).getDoubles(DicomTag.IMAGE_POSITION_PATIENT)[2] > s.header(z - 1).getDoubles(DicomTag.IMAGE_POSITION_PATIENT)[2]);
		}
		assertArrayEquals(s.header(0).getDoubles(DicomTag.IMAGE_POSITION_PATIENT), v.geometry().origin(), 0);

		final PlanarImg<FloatType, FloatArray> img = s.image();
		int nonZero = 0;
		for (final int z : new int[] { 0, 57, 150, 298 }) {
			assertEquals(2.0222414, s.rescaleSlopes()[z], 0);
			final int[] raw = rawStored(s.header(z).file(), 128, 128, true, 16);
			final float[] plane = img.getPlane(z).getCurrentStorageArray();
			for (int i = 0; i < raw.length; i++) {
				assertEquals((float) (raw[i] * 2.0222414), plane[i], 0, "voxel " + i + " of slice " + z);
				if (raw[i] != 0) nonZero++;
			}
		}
		assertTrue(nonZero > 1000, "the checked slices hold activity");

		final PetInfo p = s.petInfo();
		assertEquals(381470000.0, p.radionuclideTotalDose_bq, 0);
		assertEquals(6586.2, p.radionuclideHalfLife_s, 0);
		assertEquals("113900.000000", p.radiopharmaceuticalStartTime);
		assertEquals(java.time.LocalTime.of(11, 39, 0), DicomTime.parseTime(p.radiopharmaceuticalStartTime));
		assertNull(p.radiopharmaceuticalStartDateTime);
		assertEquals(66.2, p.patientWeight_kg, 0);
		assertEquals("BQML", p.units);
		assertEquals("START", p.decayCorrection);
		assertEquals("130244.678000", p.seriesTime);
		assertEquals("19860810", p.seriesDate);
		// the series time is the earliest acquisition time of the bed positions
		assertEquals("19860810130244.678000", p.acquisitionDateTime);
		final Map<String, Object> m = p.toMap();
		assertEquals(381470000.0, m.get("dose_bq"));
		assertEquals(6586.2, m.get("half_life_s"));
		assertEquals(66.2, m.get("weight_kg"));
		assertEquals("113900.000000", m.get("injection_time"));
		assertEquals("BQML", m.get("units"));
		assertEquals("START", m.get("decay_correction"));
		assertEquals("19860810130244.678000", m.get("series_datetime"));

		final BadInputException e = assertThrows(BadInputException.class, () -> Volumes.requireHU(v, "ct"));
		assertEquals("ct: is PT, not CT: no Hounsfield units", e.getMessage());
	}

	@Test
	void petCtThighSts027() throws IOException {
		final DicomSeries ct = DicomSeriesReader.read(SharedData.require("petct-thigh-sts027/ct"), null);
		final DicomSeries pet = DicomSeriesReader.read(SharedData.require("petct-thigh-sts027/pet"), null);
		System.out.println("STS_027 CT: " + ct.volume() + "\nSTS_027 PET: " + pet.volume());
		assertArrayEquals(new long[] { 204, 239, 82 }, ct.volume().dimensions());
		assertArrayEquals(new long[] { 38, 44, 82 }, pet.volume().dimensions());
		assertEquals(0.976562, ct.volume().geometry().spacing(0), 1e-9);
		assertEquals(5.46875, pet.volume().geometry().spacing(0), 1e-9);
		assertEquals(3.27, ct.volume().geometry().spacing(2), 1e-6);
		assertEquals(3.27, pet.volume().geometry().spacing(2), 1e-6);
		assertEquals(Volume.HU, ct.volume().valueUnit());
		assertEquals(Volume.SUV, pet.volume().valueUnit());
		assertEquals(ct.volume().property("FrameOfReferenceUID"), pet.volume().property("FrameOfReferenceUID"));
		assertTrue(ct.warnings().isEmpty() && pet.warnings().isEmpty());
		final Set<Double> slopes = new HashSet<>();
		for (final double d : pet.rescaleSlopes())
			slopes.add(d);
		assertTrue(slopes.size() > 10, "per-slice slopes differ: " + slopes.size() + " distinct");
		// every voxel of two slices with different slopes = stored x that slice's slope
		for (final int z : new int[] { 0, 81 }) {
			final int[] raw = rawStored(pet.header(z).file(), 38, 44, true, 16);
			final float[] plane = pet.image().getPlane(z).getCurrentStorageArray();
			final double slope = pet.header(z).getDouble(DicomTag.RESCALE_SLOPE, Double.NaN);
			assertEquals(slope, pet.rescaleSlopes()[z], 0);
			for (int i = 0; i < raw.length; i++)
				assertEquals((float) (raw[i] * slope + pet.rescaleIntercepts()[z]), plane[i], 0);
		}
		final PetInfo p = pet.petInfo();
		assertEquals("GML", p.units);
		assertEquals("ADMIN", p.decayCorrection);
		assertEquals("20020511092900.00", p.radiopharmaceuticalStartDateTime);
		assertEquals(108.0, p.patientWeight_kg, 0);
		assertEquals("18F", p.radionuclide);
	}

	@Test
	void oneFileIsOneSlice() {
		final File dir = SharedData.require(PET);
		final DicomSeries s = DicomSeriesReader.read(new File(dir, "000007.dcm"), null);
		assertEquals(1, s.depth());
		assertEquals(3.3750001, s.volume().geometry().spacing(2), 1e-9);
		assertTrue(s.warnings().get(0).contains("SliceThickness"), s.warnings().toString());
	}

	@Test
	void limitsRefuseBeforeAllocation() {
		final File dir = SharedData.require(CT);
		final String old = System.getProperty(Limits.MAX_VOXELS_PROPERTY);
		System.setProperty(Limits.MAX_VOXELS_PROPERTY, "1000000");
		try {
			final BadInputException e = assertThrows(BadInputException.class, () -> DicomSeriesReader.read(dir, null));
			assertTrue(e.getMessage().startsWith(dir.getPath() + ": "), e.getMessage());
			assertTrue(e.getMessage().contains("512x512x20"), e.getMessage());
			assertTrue(e.getMessage().contains("20.0 MB"), e.getMessage());
			assertTrue(e.getMessage().contains(Limits.MAX_VOXELS_PROPERTY), e.getMessage());
		}
		finally {
			if (old == null) System.clearProperty(Limits.MAX_VOXELS_PROPERTY);
			else System.setProperty(Limits.MAX_VOXELS_PROPERTY, old);
		}
	}
}
