// The benchmark's project and credentials, shared by the clients and the local endpoint.
export const PROJECT = "0123456789abcdef0123456789abcdef";
export const TOKEN = "bench-token-9876543210fedcba";
export const AK = "BENCHAK0000000000001";
export const SK = "bench-secret-key-0123456789abcdef0123";
