package org.marrowj.phantom;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.io.Nifti;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Deterministic synthetic phantoms with exact ground truth. Every generator decides the tissue of
 * each voxel from analytic shapes in world coordinates (DICOM LPS, mm) at the voxel centre, so the
 * same anatomy results whatever the storage order of the axes; CT value = tissue HU + seeded
 * Gaussian noise (see {@link PhantomOptions}).
 */
public final class Phantoms {

	/** The kinds {@link #generate(String, int[], long)} knows. */
	public static final String[] KINDS = { "femur", "spine", "petct", "hip" };

	private Phantoms() {}

	/** Both thighs, femoral mid-shaft: see {@link FemurOptions}. */
	public static Phantom femur(final FemurOptions options) {
		return FemurModel.build(options, ct(options.seed));
	}

	/** Lumbar spine T12-L5 with TotalSegmentator-numbered vertebra labels: see {@link SpineOptions}. */
	public static Phantom spine(final SpineOptions options) {
		return SpineModel.build(options, ct(options.seed));
	}

	/**
	 * The femoral CT phantom with a PET (Bq/mL) on its own grid, sharing the CT's
	 * FrameOfReferenceUID: see {@link PetCtOptions}.
	 */
	public static Phantom petct(final PetCtOptions options) {
		return PetCtModel.build(options);
	}

	/** QCT of a proximal femur with a K2HPO4 calibration phantom: see {@link HipOptions}. */
	public static Phantom hip(final HipOptions options) {
		return HipModel.build(options, ct(options.seed));
	}

	/**
	 * A phantom of the given kind with default options, a given seed and optionally another size.
	 * With a size, the anatomy stays whole in view: in-plane spacing = max(default spacing, anatomy
	 * extent / size) (kept isotropic), z spacing likewise; so small sizes give coarse voxels and large
	 * sizes keep the default spacing with a larger field of view.
	 *
	 * @param kind femur | spine | petct | hip
	 * @param sizeOrNull voxels along world x, y, z, or null for the kind's default size
	 */
	public static Phantom generate(final String kind, final int[] sizeOrNull, final long seed) {
		final String k = kind == null ? "" : kind.trim().toLowerCase();
		final PhantomOptions o;
		switch (k) {
			case "femur":
				o = new FemurOptions();
				break;
			case "spine":
				o = new SpineOptions();
				break;
			case "hip":
				o = new HipOptions();
				break;
			case "petct":
				final PetCtOptions po = new PetCtOptions();
				po.ct.seed = seed;
				if (sizeOrNull != null) {
					checkSize(sizeOrNull);
					po.ct.fitSize(sizeOrNull);
				}
				return petct(po);
			default:
				throw new BadInputException("kind", "unknown phantom kind '" + kind + "'; allowed: " + String.join(", ", KINDS));
		}
		o.seed = seed;
		if (sizeOrNull != null) {
			checkSize(sizeOrNull);
			o.fitSize(sizeOrNull);
		}
		switch (k) {
			case "spine":
				return spine((SpineOptions) o);
			case "hip":
				return hip((HipOptions) o);
			case "femur":
			default:
				return femur((FemurOptions) o);
		}
	}

	private static void checkSize(final int[] size) {
		if (size.length != 3) throw new BadInputException("size", "three sizes (x, y, z) are needed, got " + size.length);
		for (final int n : size)
			if (n < 1) throw new BadInputException("size", "every dimension must be at least 1 voxel, got " + Arrays.toString(size));
	}

	/** A DICOM-style UID (2.25 root) derived from the seed: the same seed gives the same frame of reference. */
	static String frameOfReferenceUid(final long seed) {
		return "2.25." + Long.toUnsignedString(Raster.sliceSeed(seed, -7) | 1L << 62);
	}

	static Map<String, String> ct(final long seed) {
		final Map<String, String> p = new LinkedHashMap<>();
		p.put("FrameOfReferenceUID", frameOfReferenceUid(seed));
		p.put("source", "MarrowJ synthetic phantom");
		return p;
	}

	/**
	 * Writes {@code <base>.nii.gz} (image), {@code <base>_tissues.nii.gz}, {@code <base>_labels.nii.gz}
	 * and {@code <base>_labels.json} (when labels are present), {@code <base>_pet.nii.gz} (when a PET
	 * is present) and {@code <base>_truth.json} (pretty, keys in a fixed order) into {@code dir}
	 * (created when missing).
	 */
	public static void write(final Phantom p, final File dir, final String baseName) {
		if (baseName == null || baseName.trim().isEmpty() || baseName.contains("/") || baseName.contains(File.separator))
			throw new BadInputException("base_name", "must be a plain file name, got '" + baseName + "'");
		if (!dir.isDirectory() && !dir.mkdirs()) throw new BadInputException(dir, "cannot create the output folder");
		final Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
		writeJson(gson, p.truth(), new File(dir, baseName + "_truth.json"));
		Nifti.write(p.image(), new File(dir, baseName + ".nii.gz"));
		Nifti.write(p.tissues(), new File(dir, baseName + "_tissues.nii.gz"));
		if (p.labels().isPresent()) {
			Nifti.write(p.labels().get().volume(), new File(dir, baseName + "_labels.nii.gz"));
			final Map<String, Object> names = new LinkedHashMap<>();
			p.labels().get().table().asMap().forEach((id, n) -> names.put(Integer.toString(id), n));
			writeJson(gson, names, new File(dir, baseName + "_labels.json"));
		}
		if (p.pet().isPresent()) Nifti.write(p.pet().get(), new File(dir, baseName + "_pet.nii.gz"));
	}

	private static void writeJson(final Gson gson, final Object o, final File f) {
		try (Writer w = new OutputStreamWriter(Files.newOutputStream(f.toPath()), StandardCharsets.UTF_8)) {
			gson.toJson(o, w);
			w.write('\n');
		}
		catch (final IOException e) {
			throw new BadInputException(f, "cannot write: " + e.getMessage(), e);
		}
	}
}
