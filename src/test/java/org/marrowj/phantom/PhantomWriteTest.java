package org.marrowj.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.io.Nifti;
import org.marrowj.image.Volume;

import com.google.gson.Gson;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

class PhantomWriteTest {

	@TempDir
	Path dir;

	static double[] values(final Volume<?> v) {
		final double[] out = new double[(int) v.voxelCount()];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(v.image()).cursor();
		int i = 0;
		while (c.hasNext())
			out[i++] = c.next().getRealDouble();
		return out;
	}

	@Test
	void writesImageTissuesLabelsAndTruthThatReadBackExactly() throws IOException {
		final Phantom p = Phantoms.generate("spine", new int[] { 48, 48, 30 }, 7);
		final File d = dir.toFile();
		Phantoms.write(p, d, "spine");
		final Volume<?> img = Nifti.read(new File(d, "spine.nii.gz"));
		assertArrayEquals(values(p.image()), values(img));
		assertTrue(p.image().geometry().sameGrid(img.geometry(), 1e-4), img.geometry().toString());
		assertArrayEquals(values(p.tissues()), values(Nifti.read(new File(d, "spine_tissues.nii.gz"))));
		assertArrayEquals(values(p.labels().get().volume()), values(Nifti.read(new File(d, "spine_labels.nii.gz"))));
		final String json = new String(Files.readAllBytes(new File(d, "spine_truth.json").toPath()), StandardCharsets.UTF_8);
		final Map<?, ?> truth = new Gson().fromJson(json, Map.class);
		assertEquals("spine", truth.get("kind"));
		assertTrue(json.indexOf("\"kind\"") < json.indexOf("\"levels\""));
		final String labels = new String(Files.readAllBytes(new File(d, "spine_labels.json").toPath()), StandardCharsets.UTF_8);
		assertTrue(labels.contains("\"32\": \"vertebrae_T12\""), labels);
		// deterministic: the same phantom written again gives the same bytes
		Phantoms.write(Phantoms.generate("spine", new int[] { 48, 48, 30 }, 7), d, "again");
		assertEquals(json, new String(Files.readAllBytes(new File(d, "again_truth.json").toPath()), StandardCharsets.UTF_8));
	}

	@Test
	void writesPetOnItsOwnGridAndFlippedFemurKeepsItsGeometry() {
		final PetCtOptions o = new PetCtOptions();
		o.ct.size(64, 40, 6).spacing(3.2, 3.2, 2);
		o.ct.flipX = true;
		o.petRotation_deg = 20;
		final Phantom p = Phantoms.petct(o);
		final File d = dir.toFile();
		Phantoms.write(p, d, "pc");
		final Volume<?> ct = Nifti.read(new File(d, "pc.nii.gz"));
		assertTrue(p.image().geometry().sameGrid(ct.geometry(), 1e-4), ct.geometry().toString());
		final Volume<?> pet = Nifti.read(new File(d, "pc_pet.nii.gz"));
		assertTrue(p.pet().get().geometry().sameGrid(pet.geometry(), 1e-4), pet.geometry().toString());
		assertArrayEquals(values(p.pet().get()), values(pet));
		assertTrue(new File(d, "pc_truth.json").isFile());
	}
}
