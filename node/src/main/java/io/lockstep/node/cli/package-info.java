/**
 * The {@code lockstep} command line: one picocli class per command. Commands that report results print
 * exactly one JSON object on stdout; logs, build progress and usage errors go to stderr. Exit status 0
 * means the JSON was printed (whatever the outcome it reports), 2 a usage error, 1 an operational failure.
 * {@code init}, which sets up files for a person to use, prints a summary in text instead.
 */
package io.lockstep.node.cli;
