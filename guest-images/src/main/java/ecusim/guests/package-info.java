/** Access to the guest ELF images that ship with ecusim (built from {@code guest-images/src/guests}). */
package ecusim.guests;
