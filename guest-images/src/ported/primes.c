/*
 * primes.c - prints the primes below a limit, ten to a row, and a summary.
 * An ordinary hosted C program, as one finds them: it prints with printf, in pieces, and returns from main.
 * guest-images/README.md ("Porting a C program") ports it to an ecusim component without changing it.
 */
int printf(const char *format, ...);

#define LIMIT 1000

static char composite[LIMIT];

int main(void)
{
    unsigned count = 0, largest = 0;
    for (unsigned i = 2; i * i < LIMIT; i++)
        if (!composite[i])
            for (unsigned j = i * i; j < LIMIT; j += i) composite[j] = 1;
    printf("primes below %u:\n", LIMIT);
    for (unsigned i = 2; i < LIMIT; i++) {
        if (composite[i]) continue;
        printf("%5u", i);
        if (++count % 10 == 0) printf("\n");
        largest = i;
    }
    if (count % 10 != 0) printf("\n");
    printf("%u primes, the largest %u\n", count, largest);
    return count == 168 ? 0 : 1;
}
