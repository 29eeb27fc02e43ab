//! The page the worker shows for a route that needs the server while there is no connection.
//! Plain HTML with the build's stylesheet and no script: it must open with nothing but the
//! cache, and it is the same for every member (it holds no private data).

/// The whole document.
pub fn html(stylesheet: &str) -> String {
    format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#18181b">
<title>Offline · Liner</title>
<link rel="stylesheet" href="{stylesheet}">
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" href="/favicon.ico">
</head>
<body class="bg-zinc-950 text-zinc-100 min-h-screen">
<header class="border-b border-zinc-800 bg-zinc-900">
<nav class="mx-auto flex max-w-3xl flex-wrap items-center gap-4 px-4 py-3" aria-label="Main">
<a href="/" class="text-lg font-bold text-indigo-300">Liner</a>
<span role="status" class="rounded bg-zinc-700 px-2 py-0.5 text-xs font-bold text-white">Offline</span>
<a href="/posts/new" class="hover:underline">New post</a>
<a href="/posts" class="hover:underline">Posts</a>
</nav>
</header>
<main class="mx-auto max-w-6xl px-4 py-8 space-y-4">
<h1 class="text-2xl font-bold">You are offline</h1>
<p>This page needs a connection to Liner's server, so it cannot open right now.</p>
<h2 class="text-lg font-semibold">What works offline</h2>
<ul class="ml-4 list-disc space-y-1">
<li><a href="/posts/new" class="underline">New post</a>: write a post with its live preview, and save it on this device.</li>
<li><a href="/posts" class="underline">Posts</a>: the drafts waiting on this device, and the last list Liner showed you.</li>
</ul>
<p class="text-sm text-zinc-400">Drafts saved on this device go to the server by themselves when you are back online. Publishing, scheduling, finding a release and a post's Discord history need a connection.</p>
<p><button type="button" onclick="location.reload()" class="rounded border border-zinc-600 px-4 py-2">Try again</button></p>
</main>
</body>
</html>
"##
    )
}
