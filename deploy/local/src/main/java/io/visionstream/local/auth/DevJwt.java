package io.visionstream.local.auth;

import io.visionstream.common.security.JwtRequirements;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A throw-away RS256 signing key for local runs and tests, and bearer tokens signed with it, so the services' JWT
 * checks (smallrye-jwt, public key + issuer) are exercised for real without an identity provider. Keys are generated,
 * never committed. Production uses the identity provider's public key instead.
 *
 * <pre>
 * usage: DevJwt init DIR                      writes DIR/jwt-private.pem and DIR/jwt-public.pem
 *        DevJwt token DIR SUBJECT [GROUP...]  prints a token valid for 12 hours
 * </pre>
 */
public final class DevJwt {

    /**
     * The development issuer the local stack and tests use ({@code mp.jwt.verify.issuer}); the services refuse to
     * start with it in the prod profile.
     */
    public static final String ISSUER = JwtRequirements.DEVELOPMENT_ISSUER;
    /** The audience the services accept by default ({@code mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "visionstream";
    private static final int KEY_BITS = 2048;
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;

    private DevJwt(KeyPair keys) {
        this.keys = keys;
    }

    /** A new random key pair. */
    public static DevJwt generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            return new DevJwt(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime can generate RSA keys", e);
        }
    }

    /** The public key as PEM, for {@code mp.jwt.verify.publickey.location}. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** A signed token from the development issuer for the default audience: {@code subject} with {@code groups} as roles, valid for {@code ttl}. */
    public String token(String subject, List<String> groups, Duration ttl) {
        return token(ISSUER, AUDIENCE, subject, groups, Instant.now().plus(ttl));
    }

    /** A signed token with every claim chosen, e.g. a wrong issuer or audience or one already expired, for tests. */
    public String token(String issuer, String audience, String subject, List<String> groups, Instant expires) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + json(issuer) + "\",\"aud\":\"" + json(audience) + "\",\"sub\":\"" + json(subject)
                + "\",\"upn\":\"" + json(subject) + "\",\"groups\":[" + groups.stream().map(g -> "\"" + json(g) + "\"").collect(Collectors.joining(","))
                + "],\"iat\":" + Math.min(now.getEpochSecond(), expires.getEpochSecond() - 60) + ",\"exp\":" + expires.getEpochSecond() + "}";
        String signingInput = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("init")) {
            Path dir = Files.createDirectories(Path.of(args[1]));
            DevJwt jwt = generate();
            Files.writeString(dir.resolve("jwt-private.pem"), pem("PRIVATE KEY", jwt.keys.getPrivate().getEncoded()));
            Files.writeString(dir.resolve("jwt-public.pem"), jwt.publicKeyPem());
            System.out.println(dir.resolve("jwt-public.pem"));
        } else if (args.length >= 3 && args[0].equals("token")) {
            DevJwt jwt = load(Path.of(args[1]));
            System.out.println(jwt.token(args[2], List.of(args).subList(3, args.length), Duration.ofHours(12)));
        } else {
            System.err.println("usage: DevJwt init DIR | DevJwt token DIR SUBJECT [GROUP...]");
            System.exit(2);
        }
    }

    private static DevJwt load(Path dir) throws Exception {
        String pem = Files.readString(dir.resolve("jwt-private.pem"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        KeyFactory factory = KeyFactory.getInstance("RSA");
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        var crt = (java.security.interfaces.RSAPrivateCrtKey) privateKey;
        PublicKey publicKey = factory.generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new DevJwt(new KeyPair(publicKey, privateKey));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
