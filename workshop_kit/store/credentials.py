"""A student's secrets as the database keeps them: never in clear.

A participant has two secrets that open their page: the token in their page address
(unguessable, 144 random bits) and the resume code they can type on another device
(eight letters, easy to read aloud, so only about 36 bits). The database holds:

- the token's SHA-256, to find the participant from a page address;
- the resume code's scrypt hash, to find them from a typed code. scrypt, not a fast
  hash: eight letters from 23 could be tried one by one against a copied file;
- each secret sealed with a key derived from the other, so whoever holds one secret
  gets the other back (a page opened by token shows the resume code; a device that
  typed the resume code gets a token for its address), and a copied database file
  alone gives neither.
"""

from __future__ import annotations

import hashlib
import hmac

# Fixed salt: lookups need the same hash for the same code. The cost is paid once
# per join or resume; trying all 23**8 codes costs it 78 billion times.
_RESUME_SALT = b"workshop-kit resume code v1"
_SCRYPT = {"n": 2**11, "r": 8, "p": 1}  # about 7 ms here: 17 years of one core for all


def token_hash(token: str) -> str:
    """What the database keeps of a page token (hex SHA-256)."""
    return hashlib.sha256(b"workshop-kit token v1:" + token.encode()).hexdigest()


def _token_key(token: str) -> bytes:
    return hashlib.sha256(b"workshop-kit seal v1:" + token.encode()).digest()


def resume_code_secrets(code: str) -> tuple[str, bytes]:
    """The resume code's lookup hash (hex) and the key that unseals the token."""
    material = hashlib.scrypt(code.encode(), salt=_RESUME_SALT, dklen=64, **_SCRYPT)
    return material[:32].hex(), material[32:]


def _stream(key: bytes, length: int) -> bytes:
    return hashlib.shake_256(key).digest(length)


def seal(secret: str, key: bytes) -> str:
    """``secret`` encrypted with ``key`` (a one-time pad from the key: each key seals
    one secret only), as hex."""
    data = secret.encode()
    return bytes(a ^ b for a, b in zip(data, _stream(key, len(data)), strict=True)).hex()


def unseal(sealed: str | None, key: bytes) -> str | None:
    if not sealed:
        return None
    data = bytes.fromhex(sealed)
    try:
        return bytes(a ^ b for a, b in zip(data, _stream(key, len(data)), strict=True)).decode()
    except UnicodeDecodeError:  # the wrong key
        return None


def sealed_columns(token: str, resume_code: str) -> dict[str, str]:
    """The participant columns that hold ``token`` and ``resume_code``."""
    resume_hash, resume_key = resume_code_secrets(resume_code)
    return {
        "token_hash": token_hash(token),
        "resume_code_hash": resume_hash,
        "resume_code_sealed": seal(resume_code, _token_key(token)),
        "token_sealed": seal(token, resume_key),
    }


def resume_code_of(row, token: str) -> str | None:
    """The resume code of a participant ``row`` found by its ``token``."""
    return unseal(row.resume_code_sealed, _token_key(token))


def token_of(row, resume_key: bytes) -> str | None:
    """The token of a participant ``row`` found by its resume code's hash."""
    token = unseal(row.token_sealed, resume_key)
    # A wrong key gives bytes that are not the token: check against the stored hash.
    if token is None or not hmac.compare_digest(token_hash(token), row.token_hash):
        return None
    return token
