package io.flowsight.rules.fields;

/**
 * The parts of an ALB {@code request_url}, which ALB logs in absolute form ({@code https://host:443/path?query}):
 * host and port from the authority, the path, the query, and the request target as the client sent it (path and
 * query). Malformed requests log {@code -}; whatever does not parse leaves the part null.
 */
record RequestUrl(String host, Integer port, String path, String query, String target) {

    static RequestUrl parse(String url) {
        if (url == null || url.isEmpty() || url.equals("-")) {
            return new RequestUrl(null, null, null, null, null);
        }
        String authority = null;
        String rest = url;
        int scheme = url.indexOf("://");
        if (scheme > 0 && url.substring(0, scheme).chars().allMatch(Character::isLetter)) {
            int authorityStart = scheme + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < url.length() && url.charAt(authorityEnd) != '/' && url.charAt(authorityEnd) != '?') {
                authorityEnd++;
            }
            authority = url.substring(authorityStart, authorityEnd);
            rest = url.substring(authorityEnd);
        }
        int questionMark = rest.indexOf('?');
        String path = questionMark < 0 ? rest : rest.substring(0, questionMark);
        String query = questionMark < 0 ? null : rest.substring(questionMark + 1);
        String host = authority;
        Integer port = null;
        if (authority != null) {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && colon > authority.lastIndexOf(']')) {
                host = authority.substring(0, colon);
                port = portNumber(authority.substring(colon + 1));
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        return new RequestUrl(host, port, path.isEmpty() ? (authority != null ? "/" : null) : path, query,
                rest.isEmpty() ? "/" : rest);
    }

    private static Integer portNumber(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.valueOf(digits);
    }
}
