package org.marrowj.phantom;

import java.util.LinkedHashMap;
import java.util.Map;

import org.marrowj.image.Geometry;

/** JSON-ready pieces shared by the truth maps (insertion-ordered maps, arrays, numbers). */
final class Truths {

	private Truths() {}

	static Map<String, Object> geometry(final Geometry g, final int[] dims) {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("size", dims.clone());
		m.put("spacing_mm", g.spacing());
		m.put("origin_mm", g.origin());
		m.put("direction_row_major", g.direction());
		m.put("convention", "world (LPS mm) = origin + direction * diag(spacing) * index; origin = centre of voxel (0,0,0)");
		return m;
	}

	static void common(final Map<String, Object> t, final PhantomOptions o, final Geometry g, final int[] dims) {
		t.put("geometry", geometry(g, dims));
		t.put("seed", o.seed);
		t.put("noise_sd_hu", o.noiseSd_hu);
		t.put("noise", "value = tissue value + noise_sd * N(0,1), independent per voxel, seeded per stored slice" +
			(o.integerNoise ? ", the noise term rounded to the nearest integer" : ""));
		final Map<String, Object> s = new LinkedHashMap<>();
		s.put("flip_x", o.flipX);
		s.put("flip_y", o.flipY);
		s.put("flip_z", o.flipZ);
		s.put("swap_xy", o.swapXY);
		t.put("storage", s);
	}

	static Map<String, Object> ids(final String[] names) {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < names.length; i++)
			m.put(names[i], i);
		return m;
	}
}
