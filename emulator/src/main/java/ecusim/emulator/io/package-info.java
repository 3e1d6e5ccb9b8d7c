/** Reading the files a user names (scenarios, images, ROM modules, cost tables) with limits and one-line refusals. */
package ecusim.emulator.io;
