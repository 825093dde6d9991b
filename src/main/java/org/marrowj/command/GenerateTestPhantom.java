package org.marrowj.command;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.BadInputException;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Writes a synthetic phantom with its exact ground truth ({@link Phantoms#generate} and
 * {@link Phantoms#write}) into a folder, files named after the kind, and reports the files written.
 */
@Plugin(type = Command.class, menuPath = "Plugins>MarrowJ>Data>Generate Test Phantom", headless = true,
	description = "Synthetic CT (and PET) phantom with exact ground truth, written as NIfTI and JSON")
public class GenerateTestPhantom implements Command {

	/** The files {@link Phantoms#write} writes, by suffix after the base name (labels and PET only when present). */
	private static final String[] SUFFIXES = { ".nii.gz", "_tissues.nii.gz", "_labels.nii.gz", "_labels.json", "_pet.nii.gz",
		"_truth.json" };

	@Parameter
	private Context context;

	@Parameter(label = "Kind", persist = false, choices = { "femur", "spine", "petct", "hip" },
		description = "femur: both femoral mid-shafts; spine: lumbar T12-L5; petct: femur CT with a PET on its own grid; hip: proximal femur")
	private String kind = "femur";

	@Parameter(label = "Output folder", persist = false, style = "directory",
		description = "Folder for the files (created when missing)")
	private File out;

	@Parameter(label = "Size (voxels)", persist = false, required = false,
		description = "Voxels along x, y, z as 256x256x60; empty = the kind's default size")
	private String size = "";

	@Parameter(label = "Seed", persist = false, description = "Seed of the image noise: the same seed gives the same phantom")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Files written (JSON)")
	private String json;

	@Override
	public void run() {
		final Phantom phantom = Phantoms.generate(kind, parseSize(size), seed);
		if (out.exists() && !out.isDirectory()) throw new BadInputException(out, "exists and is not a folder");
		Phantoms.write(phantom, out, kind);
		final List<String> files = new ArrayList<>();
		for (final String suffix : SUFFIXES) {
			if (suffix.startsWith("_labels") && !phantom.labels().isPresent() || suffix.equals("_pet.nii.gz") && !phantom.pet()
				.isPresent()) continue;
			final File f = new File(out, kind + suffix);
			if (!f.isFile()) throw new IllegalStateException(f + " was not written");
			files.add(f.getPath());
		}
		final Map<String, Object> report = new LinkedHashMap<>();
		report.put("kind", kind);
		report.put("seed", seed);
		report.put("dimensions", phantom.image().dimensions());
		report.put("out", out.getPath());
		report.put("files", files);
		json = Reports.emit(context, "Generate Test Phantom", report);
	}

	/** "256x256x60" (also with spaces, commas or '*' between the numbers) -> {256, 256, 60}; empty -> null. */
	static int[] parseSize(final String text) {
		if (text == null || text.trim().isEmpty()) return null;
		final String[] parts = text.trim().split("\\s*[xX*,]\\s*|\\s+");
		if (parts.length != 3) throw new BadInputException("size", "expected three voxel counts as 256x256x60, got '" + text + "'");
		final int[] n = new int[3];
		for (int i = 0; i < 3; i++) {
			try {
				n[i] = Integer.parseInt(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new BadInputException("size", "expected three whole numbers as 256x256x60, got '" + text + "'");
			}
			if (n[i] < 1) throw new BadInputException("size", "every voxel count must be at least 1, got '" + text + "'");
		}
		return n;
	}
}
