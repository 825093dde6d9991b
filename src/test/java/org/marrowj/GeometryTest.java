package org.marrowj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.marrowj.image.Geometry;

class GeometryTest {

	@Test
	void indexToWorldAndBackFollowTheDefinition() {
		// oblique: 30 degrees about z, flipped y axis
		final double c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
		final double[] d = { c, s, 0, s, -c, 0, 0, 0, 1 };
		final Geometry g = new Geometry(new double[] { 0.5, 0.7, 2.0 }, new double[] { -10, 20, 30 }, d);
		final double[] w = g.indexToWorld(3, 4, 5);
		// by hand: origin + D * (1.5, 2.8, 10)
		assertArrayEquals(new double[] { -10 + c * 1.5 + s * 2.8, 20 + s * 1.5 - c * 2.8, 30 + 10 }, w, 1e-12);
		assertArrayEquals(new double[] { 3, 4, 5 }, g.worldToIndex(w), 1e-12);
		assertEquals(0.5 * 0.7 * 2.0, g.voxelVolume_mm3(), 1e-12);
		final Geometry back = Geometry.fromAffine(g.indexToWorldAffine());
		assertArrayEquals(g.spacing(), back.spacing(), 1e-12);
		assertArrayEquals(g.direction(), back.direction(), 1e-12);
		assertArrayEquals(g.origin(), back.origin(), 1e-12);
		assertEquals(-2, g.indexAxisAlongWorld(1));
	}
}
