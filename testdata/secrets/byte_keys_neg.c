/* Byte arrays that are not constant keys: tables, zero-filled buffers
 * filled at run time, key-ish names of other sizes or not keys at all. */
#include <stdint.h>

int RAND_bytes(unsigned char *buf, int num);

static const unsigned char sbox_table[16] = { 0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5,
					      0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76 };
static const unsigned char pubkey_prefix[16] = { 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86,
						 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a };
static const uint8_t key_len_table[16] = { 16, 24, 32, 16, 24, 32, 16, 24, 32, 16, 24, 32, 16, 24, 32, 16 };
static const unsigned char keymap_codes[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const unsigned short secret_shorts[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

int fresh_key(void)
{
	unsigned char key[32] = { 0 };
	unsigned char iv[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

	return RAND_bytes(key, sizeof(key)) + RAND_bytes(iv, sizeof(iv)) + sbox_table[0] +
	       pubkey_prefix[0] + key_len_table[0] + keymap_codes[0] + secret_shorts[0];
}
