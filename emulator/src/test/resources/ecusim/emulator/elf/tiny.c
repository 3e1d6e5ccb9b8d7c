/* Test fixture for ElfImageTest: an ARM entry point calling a Thumb function, and one data object.
   Built with: arm-none-eabi-gcc -mcpu=cortex-a9 -O1 -ffreestanding -nostdlib -Wl,-N -Wl,-Ttext=0x10000
               -Wl,--build-id=none -o tiny.elf tiny.c */
int counter = 41;
__attribute__((target("thumb"), noinline)) int add_one(int x) { return x + 1; }
__attribute__((target("arm"), noreturn)) void _start(void) { counter = add_one(counter); for (;;) {} }
