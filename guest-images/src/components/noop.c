/* noop: exits 0 at once, without a session (the component bomb starts hundreds of it). */
int main(void)
{
    return 0;
}
