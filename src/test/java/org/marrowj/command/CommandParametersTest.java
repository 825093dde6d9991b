package org.marrowj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.marrowj.phantom.Phantoms;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

/** Every MarrowJ command, read through SciJava's CommandInfo: batch-safe parameters, headless, unique names. */
class CommandParametersTest {

	private static Context context;
	private static List<CommandInfo> commands;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = CommandHelp.commands(context.service(CommandService.class));
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	@Test
	void theCommandsAreFound() {
		final Set<String> titles = new HashSet<>();
		for (final CommandInfo c : commands)
			titles.add(c.getTitle());
		assertTrue(titles.contains("Image Info"), titles.toString());
		assertTrue(titles.contains("Generate Test Phantom"), titles.toString());
	}

	@Test
	void noParameterIsPersisted() {
		final List<String> persisted = new ArrayList<>();
		int inputs = 0;
		for (final CommandInfo c : commands)
			for (final ModuleItem<?> item : CommandArguments.userInputs(c)) {
				inputs++;
				if (item.isPersisted()) persisted.add(c.getTitle() + "." + item.getName());
			}
		assertTrue(inputs >= 5, "parameters scanned: " + inputs);
		assertEquals(List.of(), persisted, "parameters without persist = false");
	}

	@Test
	void everyCommandRunsHeadless() {
		for (final CommandInfo c : commands)
			assertTrue(c.canRunHeadless(), c.getTitle() + " is not marked headless = true");
	}

	@Test
	void titlesAreUniqueAmongAllCommands() {
		final CommandService cs = context.service(CommandService.class);
		for (final CommandInfo c : commands) {
			int same = 0;
			for (final CommandInfo other : cs.getCommands())
				if (c.getTitle().equals(other.getTitle())) same++;
			assertEquals(1, same, "commands titled " + c.getTitle());
		}
	}

	@Test
	void parameterNamesAreLowerCaseSnake() {
		for (final CommandInfo c : commands)
			for (final ModuleItem<?> item : CommandArguments.userInputs(c))
				assertTrue(item.getName().matches("[a-z][a-z0-9_]*"), c.getTitle() + "." + item.getName());
	}

	@Test
	void phantomKindsAreTheGeneratorsKinds() {
		final CommandInfo info = context.service(CommandService.class).getCommand(GenerateTestPhantom.class);
		assertNotNull(info);
		final List<?> choices = info.getInput("kind").getChoices();
		assertEquals(Arrays.asList(Phantoms.KINDS), choices);
		assertFalse(choices.isEmpty());
	}
}
