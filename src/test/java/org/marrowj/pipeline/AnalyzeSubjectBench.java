package org.marrowj.pipeline;

import java.io.File;
import java.nio.file.Files;
import java.util.Locale;

import org.marrowj.image.Volume;
import org.marrowj.io.Nifti;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;

import net.imglib2.Cursor;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Wall time of a whole {@code bin/marrowj --run "Analyze Subject"} process (JVM start, read,
 * segment, statistics, every output) on a 512x512x300 femur phantom, stored as float32 and as int16
 * NIfTI (the phantom's HU are integers), 3 runs each; and the in-process pipeline time.
 * Needs the build: target/classes and target/classpath.txt (see bin/marrowj).
 * Run: java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.marrowj.pipeline.AnalyzeSubjectBench
 */
public final class AnalyzeSubjectBench {

	public static void main(final String[] args) throws Exception {
		final File dir = Files.createTempDirectory("marrowj-bench").toFile();
		long t = System.nanoTime();
		final Phantom p = Phantoms.generate("femur", new int[] { 512, 512, 300 }, 1);
		System.out.printf(Locale.ROOT, "phantom 512x512x300 generated in %.2f s%n", (System.nanoTime() - t) / 1e9);
		t = System.nanoTime();
		Phantoms.write(p, dir, "femur");
		final File f32 = new File(dir, "femur.nii.gz");
		System.out.printf(Locale.ROOT, "written in %.2f s; float32 .nii.gz %.1f MB%n", (System.nanoTime() - t) / 1e9, f32.length() / 1e6);
		final File i16 = new File(dir, "femur_int16.nii.gz");
		Nifti.write(toShort(p.image()), i16);
		System.out.printf(Locale.ROOT, "int16 .nii.gz %.1f MB%n", i16.length() / 1e6);
		final File bin = new File("bin/marrowj").getAbsoluteFile();
		for (final File ct : new File[] { f32, i16 }) {
			for (int run = 1; run <= 3; run++) {
				final File out = new File(dir, "out_" + ct.getName() + "_" + run);
				final ProcessBuilder pb = new ProcessBuilder(bin.getPath(), "--run", "Analyze Subject", "ct='" + ct + "',out='" + out + "'");
				pb.redirectErrorStream(true);
				pb.redirectOutput(new File(dir, "log_" + run + ".txt"));
				t = System.nanoTime();
				final int code = pb.start().waitFor();
				final double s = (System.nanoTime() - t) / 1e9;
				System.out.printf(Locale.ROOT, "bin/marrowj Analyze Subject %s run %d: exit %d, %.2f s wall%n", ct.getName(), run, code, s);
				if (code != 0) System.out.println(new String(Files.readAllBytes(new File(dir, "log_" + run + ".txt").toPath()), "UTF-8"));
			}
		}
		for (final File ct : new File[] { f32, i16 })
			for (int run = 1; run <= 2; run++) {
				t = System.nanoTime();
				final SubjectAnalysis.Result r = SubjectAnalysis.run(new SubjectAnalysis.Settings().ct(ct).out(new File(dir, "in_" + run)),
					null);
				System.out.printf(Locale.ROOT, "in-process %s run %d: %.2f s (%s)%n", ct.getName(), run, (System.nanoTime() - t) / 1e9,
					Provenance.class.getSimpleName() + " timing in " + new File(r.out, "provenance.json"));
			}
		System.out.println("files in " + dir);
	}

	static Volume<ShortType> toShort(final Volume<FloatType> v) {
		final long[] d = v.dimensions();
		final PlanarImg<ShortType, ?> img = PlanarImgs.shorts(d);
		final Cursor<FloatType> c = net.imglib2.view.Views.flatIterable(v.image()).cursor();
		final Cursor<ShortType> o = net.imglib2.view.Views.flatIterable(img).cursor();
		while (c.hasNext()) {
			final float f = c.next().get();
			if (f != Math.rint(f) || f < Short.MIN_VALUE || f > Short.MAX_VALUE) throw new IllegalStateException("not an int16 value: " + f);
			o.next().set((short) f);
		}
		return new Volume<>(img, v.geometry(), v.valueUnit(), v.modality(), v.properties());
	}
}
