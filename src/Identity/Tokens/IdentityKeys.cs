using System.Security.Cryptography;
using Digis.ServiceDefaults;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Identity.Tokens;

/// <summary>One entry of <c>Identity:SigningKeys</c>: a PEM private key (RSA or P-256), given inline or as a file.</summary>
public sealed class SigningKeyOptions
{
    public string? Path { get; set; }

    public string? Pem { get; set; }
}

/// <summary>
/// The keys the identity host signs and encrypts with (SPEC §15). <c>Identity:SigningKeys</c> is ordered: the first
/// key signs, every key is published in the JWKS, so a rotation publishes the next key second, moves it first once
/// every validator has had the chance to fetch it, and drops the old one after the last token it signed expired.
/// <c>Identity:EncryptionKey</c> (base64, 32 bytes) seals authorization codes and refresh tokens. Production must
/// bring both; elsewhere, when absent, they are generated once into <c>Identity:KeyDirectory</c>.
/// </summary>
public sealed class IdentityKeys
{
    public const string Section = "Identity";

    private IdentityKeys(IReadOnlyList<AsymmetricSecurityKey> signing, SymmetricSecurityKey encryption)
    {
        Signing = signing;
        Encryption = encryption;
    }

    public IReadOnlyList<AsymmetricSecurityKey> Signing { get; }

    public SymmetricSecurityKey Encryption { get; }

    public static IdentityKeys Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(Section);
        var configured = section.GetSection("SigningKeys").Get<SigningKeyOptions[]>() ?? [];
        var encryption = section["EncryptionKey"];
        if (environment.IsProduction() && (configured.Length == 0 || string.IsNullOrEmpty(encryption)))
        {
            throw new InvalidOperationException(
                "Production needs Identity:SigningKeys (PEM files or values) and Identity:EncryptionKey (base64, 32 bytes); none is generated there.");
        }

        var directory = section["KeyDirectory"] is { Length: > 0 } dir
            ? dir
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "digis", "identity-keys");
        var signing = configured.Length > 0
            ? configured.Select(Read).ToArray()
            : [ImportPem(GeneratedOnce(System.IO.Path.Combine(directory, "signing.pem"), () => RSA.Create(2048).ExportPkcs8PrivateKeyPem()))];
        var encryptionKey = Convert.FromBase64String(encryption is { Length: > 0 }
            ? encryption
            : GeneratedOnce(System.IO.Path.Combine(directory, "encryption.key"), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        if (encryptionKey.Length != 32)
        {
            throw new InvalidOperationException("Identity:EncryptionKey must be 32 bytes (base64).");
        }

        return new IdentityKeys(signing, new SymmetricSecurityKey(encryptionKey));
    }

    /// <summary>An RSA (RS256) or P-256 (ES256) private key from PEM, named by its thumbprint.</summary>
    public static AsymmetricSecurityKey ImportPem(string pem)
    {
        AsymmetricSecurityKey key;
        if (pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal) || !TryRsa(pem, out var rsa))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            if (ec.KeySize != 256)
            {
                throw new InvalidOperationException("An ECDSA signing key must be on P-256 (ES256).");
            }

            key = new ECDsaSecurityKey(ec);
        }
        else
        {
            if (rsa.KeySize < 2048)
            {
                throw new InvalidOperationException("An RSA signing key must have at least 2048 bits.");
            }

            key = new RsaSecurityKey(rsa);
        }

        key.KeyId = AccessTokenContract.KeyId(key);
        return key;
    }

    public static string Algorithm(AsymmetricSecurityKey key) =>
        key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256;

    private static AsymmetricSecurityKey Read(SigningKeyOptions options) =>
        ImportPem(options.Pem is { Length: > 0 } pem ? pem
            : options.Path is { Length: > 0 } path ? File.ReadAllText(path)
            : throw new InvalidOperationException("Each Identity:SigningKeys entry needs a Path or a Pem."));

    private static bool TryRsa(string pem, out RSA rsa)
    {
        rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            return false;
        }
    }

    /// <summary>The file's text; made by <paramref name="create"/> (readable by its owner only) when missing.</summary>
    private static string GeneratedOnce(string path, Func<string> create)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var text = create();
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, text);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary); // another instance made it first: use theirs
            }
        }

        return File.ReadAllText(path);
    }
}
