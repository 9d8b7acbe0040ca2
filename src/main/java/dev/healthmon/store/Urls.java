package dev.healthmon.store;

import java.util.regex.Pattern;

/** Masks secrets in JDBC URLs before they reach a message. */
final class Urls {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]+):[^/@]*@");

    private Urls() {
    }

    static String redact(String url) {
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1:***@");
    }
}
