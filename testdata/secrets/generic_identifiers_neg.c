/* Open vSwitch's AVX-512 code: key-named variables initialised by calls
 * with long identifiers are code, not secrets (false alarm seen there). */
typedef long long m512i_t __attribute__((vector_size(64)));
m512i_t _mm512_maskz_loadu_epi64_wrapper_for_test(unsigned mask, const void *p);
m512i_t _mm512_permutexvar_epi64_wrapper_for_test(m512i_t idx, m512i_t v);

void lookup(const void *blocks, m512i_t idx, unsigned mask)
{
	m512i_t v_key = _mm512_maskz_loadu_epi64_wrapper_for_test(mask, blocks);
	m512i_t v_key_shuf = _mm512_permutexvar_epi64_wrapper_for_test(idx, v_key);
	const char *api_token_header_name = "X_Authorization_Token_Header";
	(void)v_key_shuf;
	(void)api_token_header_name;
}
