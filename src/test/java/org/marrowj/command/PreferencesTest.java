package org.marrowj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.marrowj.LauncherRun;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/** The launcher never fills an omitted input from saved preferences, even for a parameter SciJava would persist. */
class PreferencesTest {

	@Test
	@SuppressWarnings("unchecked")
	void savedValueOfAPersistedParameterIsIgnored() {
		final Context context = new Context(CommandService.class, ModuleService.class);
		final ModuleService modules = context.service(ModuleService.class);
		final CommandInfo info = context.service(CommandService.class).getCommand(LauncherTestCommands.Persisted.class);
		final ModuleItem<String> note = (ModuleItem<String>) info.getInput("note");
		try {
			modules.save(note, "value saved by an earlier interactive run");
			// SciJava itself would use it:
			assertEquals("value saved by an earlier interactive run", modules.load(note));
			final LauncherRun r = LauncherRun.inProcess("--run", "Launcher Test Persisted");
			assertEquals("declared default", r.assertOneJsonObject().get("note").getAsString());
			// given explicitly, the given value is used
			final LauncherRun given = LauncherRun.inProcess("--run", "Launcher Test Persisted", "note='given'");
			assertEquals("given", given.assertOneJsonObject().get("note").getAsString());
		}
		finally {
			modules.save(note, null);
			context.dispose();
		}
	}
}
