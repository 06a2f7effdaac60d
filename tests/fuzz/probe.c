/* Configure-time probe: does this clang link libFuzzer with ASan+UBSan? */
int LLVMFuzzerTestOneInput(const unsigned char *data, unsigned long size);
int LLVMFuzzerTestOneInput(const unsigned char *data, unsigned long size)
{
    (void)data;
    (void)size;
    return 0;
}
